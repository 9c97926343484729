import { describe, expect, it } from 'vitest';
import { formatIpAddress, nonPublicReason, parseIpAddress } from '../../../src/domain/network/ip-address';
import {
  checkOutboundUrl,
  maskUrlCredentials,
  outboundPolicy,
  strictOutboundPolicy,
} from '../../../src/domain/network/outbound-url';

const canonical = (text: string) => {
  const address = parseIpAddress(text);
  return address ? formatIpAddress(address) : undefined;
};

describe('IP address literals in every spelling', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['10.1', '10.0.0.1'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['::ffff:7f00:1', '::ffff:7f00:1'],
    ['::ffff:127.0.0.1', '::ffff:7f00:1'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', '::ffff:a9fe:a9fe'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ])('%s is %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each(['example.com', '1.2.3.4.5', '256.1.1.1', '0x1g', '08.1.1.1', ':::', '1::2::3', '::ffff:1.2.3', 'localhost'])(
    '%s is no address',
    (text) => {
      expect(canonical(text)).toBeUndefined();
    },
  );
});

describe('addresses no webhook may reach', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '2130706433',
    '0x7f.1',
    '017700000001',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:7f00:1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '2001:db8::1',
  ])('%s is refused', (text) => {
    const address = parseIpAddress(text);
    expect(address).toBeDefined();
    expect(nonPublicReason(address!)).toBeDefined();
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '100.63.255.255',
    '100.128.0.0',
    '172.32.0.1',
    '192.169.0.1',
    '::ffff:8.8.8.8',
    '2606:4700:4700::1111',
    '64:ff9b::808:808',
  ])('%s is public', (text) => {
    expect(nonPublicReason(parseIpAddress(text)!)).toBeUndefined();
  });
});

describe('checkOutboundUrl', () => {
  const loopbackSpellings = [
    'https://127.0.0.1/hook',
    'https://localhost/hook',
    'https://LOCALHOST./hook',
    'https://api.localhost/hook',
    'https://[::1]/hook',
    'https://[::ffff:7f00:1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://2130706433/hook',
    'https://0x7f.1/hook',
    'https://017700000001/hook',
    'https://127.1:8080/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[fd00::1]/hook',
    'https://100.64.1.1/hook',
    'https://0.0.0.0/hook',
    'https://[::]/hook',
  ];

  it.each(loopbackSpellings)('refuses %s', (url) => {
    const verdict = checkOutboundUrl(url, strictOutboundPolicy);
    expect(verdict.ok).toBe(false);
  });

  it('accepts public https URLs and leaves host names to the connect-time check', () => {
    expect(checkOutboundUrl('https://hooks.example.com/x', strictOutboundPolicy)).toMatchObject({
      ok: true,
      allowListed: false,
      host: 'hooks.example.com',
    });
    expect(checkOutboundUrl('https://8.8.8.8/x', strictOutboundPolicy)).toMatchObject({ ok: true });
  });

  it('refuses plain http unless the policy allows it', () => {
    expect(checkOutboundUrl('http://hooks.example.com/x', strictOutboundPolicy)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/https/) as unknown,
    });
    expect(checkOutboundUrl('http://hooks.example.com/x', outboundPolicy({ allowHttp: true }))).toMatchObject({
      ok: true,
    });
    expect(checkOutboundUrl('ftp://hooks.example.com/x', outboundPolicy({ allowHttp: true }))).toMatchObject({
      ok: false,
    });
  });

  it('lets through exactly the allow-listed hosts, in any spelling of the same address', () => {
    const policy = outboundPolicy({ allowHttp: true, allowedHosts: ' 127.0.0.1 , Receiver.Test ' });
    expect(checkOutboundUrl('http://127.0.0.1:9000/x', policy)).toMatchObject({ ok: true, allowListed: true });
    expect(checkOutboundUrl('http://2130706433:9000/x', policy)).toMatchObject({ ok: true, allowListed: true });
    expect(checkOutboundUrl('http://receiver.test/x', policy)).toMatchObject({ ok: true, allowListed: true });
    expect(checkOutboundUrl('http://127.0.0.2/x', policy).ok).toBe(false);
    expect(checkOutboundUrl('http://[::1]/x', policy).ok).toBe(false);
    expect(checkOutboundUrl('http://localhost/x', policy).ok).toBe(false);
  });
});

describe('maskUrlCredentials', () => {
  it('masks user and password and leaves the rest', () => {
    expect(maskUrlCredentials('https://bot:s3cret@hooks.example.com/x?y=1')).toBe(
      'https://***:***@hooks.example.com/x?y=1',
    );
    expect(maskUrlCredentials('https://token@hooks.example.com/x')).toBe('https://***@hooks.example.com/x');
    expect(maskUrlCredentials('https://hooks.example.com/x')).toBe('https://hooks.example.com/x');
  });
});
