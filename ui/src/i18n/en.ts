import type { Messages } from './zh-CN';

export const en: Messages = {
  'app.name': 'Visitdesk',
  'app.subtitle': 'Visit schedules, employer ledger and reports for the campaign of university leaders visiting employers to expand jobs',
  'app.version': 'Version {version}',
  'language.label': 'Language',
};
