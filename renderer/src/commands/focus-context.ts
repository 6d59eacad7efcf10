// Which kind of element has focus, for the `when` clauses: keys typed into a
// field or pressed on a control belong to it, not to the app's shortcuts.

/** The parts of an Element this looks at (tests pass plain objects). */
export interface FocusedLike {
  tagName: string;
  isContentEditable?: boolean;
  getAttribute(name: string): string | null;
  closest(selector: string): unknown;
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset', 'image']);
const CONTROL_ROLES = new Set(['button', 'tab', 'checkbox', 'radio', 'switch', 'option', 'menuitem', 'link', 'slider', 'listbox', 'treeitem']);

export interface FocusContext {
  articleFocused: boolean;
  textFieldFocused: boolean;
  controlFocused: boolean;
  annotationItemFocused: boolean;
}

export function focusContext(el: FocusedLike | null): FocusContext {
  if (!el) return { articleFocused: false, textFieldFocused: false, controlFocused: false, annotationItemFocused: false };
  const tag = el.tagName.toLowerCase();
  const type = (el.getAttribute('type') ?? 'text').toLowerCase();
  const textField = tag === 'textarea' || (tag === 'input' && !NON_TEXT_INPUTS.has(type)) || el.isContentEditable === true;
  const role = el.getAttribute('role');
  const control =
    !textField &&
    (tag === 'button' || tag === 'select' || tag === 'input' || tag === 'summary' || (tag === 'a' && el.getAttribute('href') !== null) || (role !== null && CONTROL_ROLES.has(role)));
  const article = !textField && !control && el.closest('.mg-article') !== null;
  // A row of the side panel's annotation or claim list (data-id names the annotation).
  const annotationItem = control && el.getAttribute('data-id') !== null && el.closest('.mg-side') !== null;
  return { articleFocused: article, textFieldFocused: textField, controlFocused: control, annotationItemFocused: annotationItem };
}
