// A document as it will come out of the printer, drawn as a sheet on screen (issue #16, defect 10):
// title, number, holder, the body rows and who issues it. The citizen checks it, then prints.
import type { ReactNode } from 'react';

export interface DocumentPreviewProps {
  readonly title: string;
  /** Label/value lines under the title (number, holder, …). */
  readonly head: ReadonlyArray<{ readonly label: string; readonly value: string; readonly testId?: string }>;
  readonly rows: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  readonly statement?: string;
  readonly footer: ReactNode;
  readonly testId: string;
}

export function DocumentPreview(props: DocumentPreviewProps) {
  return (
    <figure className="sheet" data-testid={props.testId} aria-labelledby={`${props.testId}-title`}>
      <h2 className="sheet__title" id={`${props.testId}-title`}>
        {props.title}
      </h2>
      <dl className="sheet__head">
        {props.head.map((h) => (
          <div key={h.label}>
            <dt>{h.label}</dt>
            <dd data-testid={h.testId}>{h.value}</dd>
          </div>
        ))}
      </dl>
      {props.rows.length > 0 && (
        <table className="sheet__rows">
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.statement && <p className="sheet__statement">{props.statement}</p>}
      <figcaption className="sheet__footer">{props.footer}</figcaption>
    </figure>
  );
}
