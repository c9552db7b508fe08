import { BlockList, isIP } from 'node:net';

/** A set of IP networks (addresses or CIDR ranges, as the config's `network` rule admits them). */
export interface NetworkList {
  readonly empty: boolean;
  includes(address: string): boolean;
}

export function networkList(entries: readonly string[]): NetworkList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  if (entries.length === 0) return { empty: true, includes: () => false }; // most lists are empty: no parsing per request
  return {
    empty: false,
    includes: (address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** The textual form used in logs and checks: an IPv4-mapped IPv6 peer (::ffff:10.0.0.1) as plain IPv4. */
export function canonicalAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}
