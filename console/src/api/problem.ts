/** A problem+json answer (RFC 9457) as the API sends it; `errors` name the bad fields. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldIssue[] = [],
    /** A merged contact's 404 names the contact it was merged into. */
    readonly mergedInto?: string,
  ) {
    super(detail ?? title);
    this.name = 'ApiProblem';
  }

  /** The message for a field path (`name`, `rule.all.1.value`), or for anything below it. */
  forField(path: string): string | undefined {
    return this.errors.find((issue) => issue.path === path || issue.path.startsWith(`${path}.`))?.message;
  }
}

/** The session's token was refused: the console shows the "session expired" page. */
export class SessionExpired extends Error {
  constructor() {
    super('The session has expired');
    this.name = 'SessionExpired';
  }
}
