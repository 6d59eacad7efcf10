// Read-only views of what brat files carry beyond spans and notes (issue 16
// item 2): typed comments (brat "#" lines other than AnnotatorNotes),
// attributes of events and relations, and relation argument names.
import type { Relation } from '../../../app/sidecar/sidecar-schema';

type Comment = { type: string; text: string };
type AttributeValue = string | number | boolean;

/** Each comment as its type and its text, in the file's order; nothing when there are none. */
export function CommentList({ comments, label }: { comments: readonly Comment[] | undefined; label: string }) {
  if (!comments?.length) return null;
  return (
    <ul className="mg-comments" aria-label={label}>
      {comments.map((c, i) => (
        <li key={`${c.type}-${i}`}>
          <span className="mg-comment-type">{c.type}</span> <span className="mg-comment-text">{c.text}</span>
        </li>
      ))}
    </ul>
  );
}

/** Attributes as name and value (a binary attribute, `true`, by its name alone). */
export function AttributeSummary({ attributes, label }: { attributes: Readonly<Record<string, AttributeValue>> | undefined; label: string }) {
  const entries = Object.entries(attributes ?? {});
  if (!entries.length) return null;
  return (
    <ul className="mg-attr-summary" aria-label={label}>
      {entries.map(([k, v]) => (
        <li key={k}>{v === true ? k : `${k}: ${String(v)}`}</li>
      ))}
    </ul>
  );
}

/** The role name of one end of a relation, when the relation names its arguments (brat "Anaphora:T2"). */
export function RelationRole({ relation, end }: { relation: Relation; end: 'from' | 'to' }) {
  const role = relation.roles?.[end === 'from' ? 0 : 1];
  return role ? <span className="mg-rel-role">{role}:</span> : null;
}

/** A relation's attributes and comments, under its row. */
export function RelationExtras({ relation: r }: { relation: Relation }) {
  if (!r.comments?.length && !Object.keys(r.attributes ?? {}).length) return null;
  return (
    <div className="mg-rel-extras">
      <AttributeSummary attributes={r.attributes} label={`Attributes of relation ${r.type}`} />
      <CommentList comments={r.comments} label={`Comments on relation ${r.type}`} />
    </div>
  );
}
