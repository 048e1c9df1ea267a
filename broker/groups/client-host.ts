// The clientHost groups report for a member: the peer address without the port, as Kafka writes it ("/127.0.0.1").
export function clientHostOf(clientAddress: string): string {
  const colon = clientAddress.lastIndexOf(':');
  const host = colon > 0 ? clientAddress.slice(0, colon) : clientAddress;
  return `/${host.startsWith('::ffff:') ? host.slice(7) : host}`;
}
