import aclasOs2x from './aclas-os2x.js';
import casPd2 from './cas-pd2.js';
import type { DeviceModel } from './capabilities.js';
import epsonDmD110 from './epson-dm-d110.js';
import epsonTmT82iii from './epson-tm-t82iii.js';
import genericTcpScanner from './generic-tcp-scanner.js';
import honeywell1900Hidpos from './honeywell-1900-hidpos.js';
import honeywell1900Serial from './honeywell-1900-serial.js';
import led8PriceDisplay from './led8-price-display.js';
import mettlerToledo8217 from './mettler-toledo-8217.js';
import newlandFr40Serial from './newland-fr40-serial.js';
import vfd2x20Gb from './vfd-2x20-gb.js';
import xprinterXp58 from './xprinter-xp58.js';

export * from './capabilities.js';

/** Every model Mendian ships; configuration refers to them by id. */
export const BUILTIN_MODELS: readonly DeviceModel[] = [
  epsonTmT82iii,
  xprinterXp58,
  honeywell1900Serial,
  honeywell1900Hidpos,
  newlandFr40Serial,
  genericTcpScanner,
  mettlerToledo8217,
  casPd2,
  aclasOs2x,
  epsonDmD110,
  vfd2x20Gb,
  led8PriceDisplay,
];

export function findModel(
  id: string,
  models: readonly DeviceModel[] = BUILTIN_MODELS,
): DeviceModel | undefined {
  return models.find((m) => m.id === id);
}
