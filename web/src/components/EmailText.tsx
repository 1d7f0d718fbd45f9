import { Fragment } from 'react';
import { emailSegments } from './email-breaks';

/**
 * An e-mail address that wraps only at sensible points (after "@", before "."): a <wbr> at each. Text, never HTML.
 * A single part longer than the line still breaks rather than overflow (`break-word` is only that last resort).
 */
export function EmailText({ email }: { email: string }) {
  return (
    <span style={{ overflowWrap: 'break-word' }}>
      {emailSegments(email).map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
