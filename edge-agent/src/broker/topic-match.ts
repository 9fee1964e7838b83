/**
 * MQTT topic-filter matching as the broker applies it: `+` one level, `#` this level and below
 * (so `a/#` also matches `a`), and wildcards at the first level never match `$`-topics
 * [MQTT-4.7.2-1], which keeps `$SYS` out of `#` subscriptions.
 */
export function mqttTopicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const seg = f[i];
    if (seg === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (seg !== '+' && seg !== t[i]) return false;
  }
  return f.length === t.length;
}

export function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}
