// The options of a label's key select, shared by the span labels' and the
// document labels' rows of the Labels editor: none, then every key a label
// may take (the row's own first when it is not one of them), each naming the
// label that already has it.
import { LABEL_HOTKEYS } from '../../../app/label-schema';

export function HotkeyOptions({ hotkey, usedKeys }: { hotkey: string; usedKeys: ReadonlyMap<string, string> }) {
  const keys = LABEL_HOTKEYS.includes(hotkey) || hotkey === '' ? LABEL_HOTKEYS : [hotkey, ...LABEL_HOTKEYS];
  return (
    <>
      <option value="">none</option>
      {keys.map((k) => {
        const owner = usedKeys.get(k);
        return (
          <option key={k} value={k}>
            {owner && k !== hotkey ? `${k} (${owner})` : k}
          </option>
        );
      })}
    </>
  );
}
