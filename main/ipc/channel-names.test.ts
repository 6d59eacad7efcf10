import { describe, expect, it } from 'vitest';
import { channelNames, eventNames, isChannelName, isEventName, wireName } from '../../app/ipc/channel-names';
import { ipcContract, ipcEvents } from '../../app/ipc/contract';

describe('channel-names', () => {
  it('lists exactly the channels and events of the contract', () => {
    expect([...channelNames].sort()).toEqual(Object.keys(ipcContract).sort());
    expect([...eventNames].sort()).toEqual(Object.keys(ipcEvents).sort());
  });

  it('recognises only those names', () => {
    for (const name of channelNames) expect(isChannelName(name)).toBe(true);
    for (const name of ['constructor', 'toString', '__proto__', 'getstartup', wireName('getStartup'), 42, null]) {
      expect(isChannelName(name)).toBe(false);
    }
    expect(isEventName('menuCommand')).toBe(true);
    expect(isEventName('getStartup')).toBe(false);
  });
});
