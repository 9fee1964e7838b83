// The broker matches topics by the protocol's one rule (with the `$`-topic clause [MQTT-4.7.2-1]).
export { hasWildcard, topicMatches as mqttTopicMatches } from '@mendian/protocol';
