import { createContext, useContext } from 'react';
import { translator, type Translator } from './i18n.js';

export const I18nContext = createContext<Translator>(translator('zh-CN'));

export function useI18n(): Translator {
  return useContext(I18nContext);
}
