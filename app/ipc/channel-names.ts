// The plain lists of IPC channel and event names, with no runtime dependencies:
// the sandboxed preload imports only this file (not contract.ts, which pulls in
// zod). contract.ts checks at compile time that these lists match its keys.

export const channelNames = [
  'getStartup',
  'getAbout',
  'getLicenseText',
  'openCorpusDialog',
  'openRecentCorpus',
  'listDocuments',
  'openDocument',
  'saveSidecar',
  'saveSidecarChanges',
  'deleteSidecar',
  'saveLabelSchema',
  'getEntityRegistry',
  'saveEntityRegistry',
  'findEntityMentions',
  'countEntityMentions',
  'getSuggestionTrainingData',
  'searchCorpus',
  'buildSearchIndex',
  'cancelSearchIndex',
  'compareWithFolder',
  'compareDocument',
  'listRevisions',
  'compareWithRevision',
  'findOccurrences',
  'tagOccurrences',
  'startExport',
  'exportStatus',
  'cancelExport',
  'getCorpusProgress',
] as const;
export type ChannelName = (typeof channelNames)[number];

export const eventNames = ['corpusChanged', 'menuCommand', 'searchIndexProgress', 'corpusFileChanged', 'openCorpusRequest'] as const;
export type EventName = (typeof eventNames)[number];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (channelNames as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}

/** The wire name of a channel, namespaced so nothing else on ipcMain collides. */
export function wireName(name: ChannelName): string {
  return `marginalia:${name}`;
}

export function eventWireName(name: EventName): string {
  return `marginalia-event:${name}`;
}
