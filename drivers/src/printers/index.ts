export * from './escpos-printer.js';
