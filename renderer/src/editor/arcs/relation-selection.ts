// The relation the analyst selected (by clicking its arc or from the
// Relations list): its arc is drawn highlighted and its row marked. Kept apart
// from the session's selected annotation, which it does not change.
import { Store } from '../../state/store';

export class RelationSelection extends Store<string | null> {
  constructor() {
    super(null);
  }

  select(id: string | null): void {
    this.publish(id);
  }
}
