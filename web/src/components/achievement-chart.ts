import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface AchievementPoint {
  readonly month: string;
  /** Percent, or null when no clock was judged that month. */
  readonly assess: number | null;
  readonly resolve: number | null;
}

/** Achievement (%) per month for both clocks; animation off so the chart is final as soon as it appears. */
export function drawAchievementChart(canvas: HTMLCanvasElement, months: readonly AchievementPoint[]): Chart {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: months.map((m) => m.month),
      datasets: [
        {
          label: 'Assess achievement (%)',
          data: months.map((m) => m.assess),
          borderColor: '#2e6da4',
          backgroundColor: '#2e6da4',
          spanGaps: false,
        },
        {
          label: 'Resolve achievement (%)',
          data: months.map((m) => m.resolve),
          borderColor: '#c0504d',
          backgroundColor: '#c0504d',
          spanGaps: false,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } },
    },
  });
}
