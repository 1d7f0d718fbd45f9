import { Fragment } from 'react';
import { emailGroups } from './email-breaks';

/**
 * An e-mail address that wraps only at sensible points: after "@" first, before a dot only inside a part that is
 * wider than the line (see email-breaks.ts). Text, never HTML. A single piece longer than the line still breaks
 * rather than overflow (`break-word` is only that last resort).
 */
export function EmailText({ email }: { email: string | null | undefined }) {
  if (!email) return null;
  return (
    <span style={{ overflowWrap: 'break-word' }}>
      {emailGroups(email).map((pieces, g) => (
        <Fragment key={g}>
          {g > 0 ? <wbr /> : null}
          <span style={{ display: 'inline-block', maxWidth: '100%' }}>
            {pieces.map((piece, i) => (
              <Fragment key={i}>
                {i > 0 ? <wbr /> : null}
                {piece}
              </Fragment>
            ))}
          </span>
        </Fragment>
      ))}
    </span>
  );
}
