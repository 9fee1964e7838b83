// Content equality is one rule for the center and the edge: it lives in @mendian/protocol.
export { sameContent, stripBookkeeping, type JsonObject } from '@mendian/protocol';
