import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { UsagePoint } from './hour-bank-view';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Draws the usage bars; animation off so the chart is final as soon as it appears. */
export function drawUsageChart(canvas: HTMLCanvasElement, usage: readonly UsagePoint[]): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: usage.map((u) => u.month),
      datasets: [
        { label: 'Purchased (h)', data: usage.map((u) => u.purchased), backgroundColor: '#2e6da4' },
        { label: 'Called off (h)', data: usage.map((u) => u.calledOff), backgroundColor: '#c0504d' },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: 'hours' } } },
    },
  });
}
