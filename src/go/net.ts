/** Go's net package: net.SplitHostPort, net.JoinHostPort, net.ParseIP, net.ParseCIDR and IPNet.Contains. */


/** net.SplitHostPort; null where Go returns an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | null {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return null;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return null;
    if (end + 1 !== i) return null;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return null;
  }
  if (hostport.slice(j).includes('[')) return null;
  if (hostport.slice(k).includes(']')) return null;
  return { host, port: hostport.slice(i + 1) };
}

/** net.JoinHostPort. */
export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A 16-byte IP (IPv4 as ::ffff:a.b.c.d), as net.ParseIP returns it. */
export type IP = Uint8Array;

function parseIPv4Fields(s: string, out: Uint8Array, at: number): boolean {
  const fields = s.split('.');
  if (fields.length !== 4) return false;
  for (let f = 0; f < 4; f++) {
    const d = fields[f];
    if (d.length === 0 || d.length > 3 || !/^[0-9]+$/.test(d)) return false;
    if (d.length > 1 && d[0] === '0') return false; // netip rejects leading zeros
    const v = Number(d);
    if (v > 255) return false;
    out[at + f] = v;
  }
  return true;
}

function parseIPv6(s: string): IP | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return ip;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    while (off < s.length && /[0-9a-fA-F]/.test(s[off])) {
      if (off > 3) return null; // more than four hex digits
      acc = acc * 16 + parseInt(s[off], 16);
      off++;
    }
    if (off === 0) return null;
    if (off < s.length && s[off] === '.') {
      // An embedded IPv4 may only take the last four bytes.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return null;
      if (!parseIPv4Fields(s, ip, i)) return null;
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return null; // "::" must stand for at least one zero group
  }
  return ip;
}

/** netip.ParseAddr: `is4` for dotted IPv4; `zone` after '%' in IPv6. */
function parseAddr(s: string): { ip: IP; is4: boolean; zone: string } | null {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '.') {
      const ip = new Uint8Array(16);
      ip[10] = 0xff;
      ip[11] = 0xff;
      return parseIPv4Fields(s, ip, 12) ? { ip, is4: true, zone: '' } : null;
    }
    if (s[i] === ':') {
      let zone = '';
      const pct = s.indexOf('%');
      let addr = s;
      if (pct >= 0) {
        zone = s.slice(pct + 1);
        addr = s.slice(0, pct);
        if (zone === '') return null;
      }
      const ip = parseIPv6(addr);
      return ip === null ? null : { ip, is4: false, zone };
    }
    if (s[i] === '%') return null;
  }
  return null;
}

/** net.ParseIP: no zones. */
export function parseIP(s: string): IP | null {
  const a = parseAddr(s);
  return a === null || a.zone !== '' ? null : a.ip;
}

/** IP.To4: the 4-byte form of an IPv4 (or IPv4-mapped) address, else null. */
function to4(ip: Uint8Array): Uint8Array | null {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff) {
    return ip.slice(12);
  }
  return null;
}

export function ipEqual(a: IP, b: IP): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

const IPV6_LOOPBACK: IP = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

export function isLoopback(ip: IP): boolean {
  const v4 = to4(ip);
  if (v4 !== null) return v4[0] === 127;
  return ipEqual(ip, IPV6_LOOPBACK);
}

/** net.IPNet as ParseCIDR builds it: `ip` and `mask` are 4 or 16 bytes. */
export interface IPNet {
  ip: Uint8Array;
  mask: Uint8Array;
}

function cidrMask(ones: number, bits: number): Uint8Array {
  const m = new Uint8Array(bits / 8);
  for (let i = 0; i < m.length; i++) {
    const n = Math.max(0, Math.min(8, ones - i * 8));
    m[i] = (0xff00 >> n) & 0xff;
  }
  return m;
}

/** IP.Mask, with Go's 4-in-16 adjustments. */
function maskIP(ip: Uint8Array, mask: Uint8Array): Uint8Array | null {
  let m = mask;
  let addr = ip;
  if (m.length === 16 && addr.length === 4 && m.slice(0, 12).every((b) => b === 0xff)) m = m.slice(12);
  if (m.length === 4 && addr.length === 16 && to4(addr) !== null) addr = addr.slice(12);
  if (addr.length !== m.length) return null;
  return addr.map((b, i) => b & m[i]);
}

/** net.ParseCIDR; null where Go returns an error. */
export function parseCIDR(s: string): IPNet | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const a = parseAddr(s.slice(0, slash));
  if (a === null || a.zone !== '') return null;
  const bitsText = s.slice(slash + 1);
  if (!/^[0-9]+$/.test(bitsText)) return null;
  const bits = a.is4 ? 32 : 128;
  const ones = bitsText.length > 8 ? Infinity : Number(bitsText);
  if (ones > bits) return null;
  const mask = cidrMask(ones, bits);
  const ip = maskIP(a.ip, mask);
  return ip === null ? null : { ip, mask };
}

/** IPNet.Contains: an IPv4 network only holds IPv4 (or mapped) addresses, and vice versa. */
export function cidrContains(n: IPNet, target: IP): boolean {
  let nn = to4(n.ip);
  if (nn === null) {
    if (n.ip.length !== 16) return false;
    nn = n.ip;
  }
  let m = n.mask;
  if (m.length === 4 && nn.length !== 4) return false;
  if (m.length === 16 && nn.length === 4) m = m.slice(12);
  const ip = to4(target) ?? target;
  if (ip.length !== nn.length) return false;
  for (let i = 0; i < ip.length; i++) {
    if ((nn[i] & m[i]) !== (ip[i] & m[i])) return false;
  }
  return true;
}
