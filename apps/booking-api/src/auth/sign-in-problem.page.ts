const MESSAGES: Record<string, { de: string; en: string }> = {
  not_an_office_user: {
    de: 'Ihr Konto ist nicht für die Leitstelle freigeschaltet (Gruppe fehlt).',
    en: 'Your account is not enabled for the transport office (group missing).',
  },
  no_county: {
    de: 'Ihrem Konto ist kein Landkreis zugeordnet.',
    en: 'Your account has no county assigned.',
  },
  several_counties: {
    de: 'Ihrem Konto sind mehrere Landkreise zugeordnet; ein Disponent gehört zu genau einem.',
    en: 'Your account names several counties; an operator belongs to exactly one.',
  },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page for a refused or failed sign-in, German first, with the way back. */
export function signInProblemPage(kind: 'refused' | 'failed', reason: string): string {
  const m = MESSAGES[reason] ?? {
    de: 'Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
    en: 'Sign-in failed. Please try again.',
  };
  const title = kind === 'refused' ? 'Kein Zugang / No access' : 'Anmeldung fehlgeschlagen';
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${escape(m.de)}</p><p lang="en">${escape(m.en)}</p>
<p><small>${escape(reason)}</small></p><p><a href="/console/">Zurück zur Anmeldung / Back to sign-in</a></p>
</main></body></html>`;
}
