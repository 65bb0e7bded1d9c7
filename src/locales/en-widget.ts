/**
 * The widget's own words: the launcher and its dialog's frame (loaded before anything else, so kept
 * apart from the forms' table) and the screens that lead to the form. Same rules as en.ts.
 */
export const enWidget = {
  launcher: 'Help',
  widgetTitle: 'How can we help?',
  close: 'Close',
  widgetLoading: 'Opening…',
  widgetLoadFailed: 'This could not be opened. Check your connection and try again.',
  widgetRetry: 'Try again',
  widgetTopics: 'Choose a topic',
  widgetMore: 'Something else',
  back: 'Back',
  stillNeedHelpButton: 'Still need help? Write to us',
} as const;

export type WidgetStringKey = keyof typeof enWidget;
export type WidgetStrings = { readonly [K in WidgetStringKey]: string };
