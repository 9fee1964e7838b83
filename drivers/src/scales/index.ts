export * from './scale-codec.js';
export * from './toledo-continuous.js';
export * from './cas-22.js';
export * from './aclas-os2.js';
export * from './codecs.js';
export * from './scale-driver.js';
