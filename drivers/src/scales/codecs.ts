import type { ScaleProtocol } from '../models/capabilities.js';
import { aclasOs2 } from './aclas-os2.js';
import { cas22 } from './cas-22.js';
import type { ScaleCodec } from './scale-codec.js';
import { toledoContinuous } from './toledo-continuous.js';

export const SCALE_CODECS: Readonly<Record<ScaleProtocol, ScaleCodec>> = {
  'toledo-continuous': toledoContinuous,
  'cas-22': cas22,
  'aclas-os2': aclasOs2,
};
