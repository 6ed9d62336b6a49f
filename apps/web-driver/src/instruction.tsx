import { type Guidance, instructionText, speak } from './guidance';
import type { Lang, Texts } from './i18n';

interface Props {
  t: Texts;
  lang: Lang;
  guidance: Guidance;
}

/**
 * The next instruction on the way to the stop, big, in the driver's language (phrased by
 * osrm-text-instructions), read aloud on request with the browser's speech synthesis.
 */
export function Instruction({ t, lang, guidance }: Props) {
  const text = instructionText(guidance, lang);
  const off = guidance.offRoute === true;
  return (
    <section class="instruction" aria-label={t.instruction}>
      <p class="turn" aria-live="polite" data-testid="instruction" data-type={guidance.step.type}>
        {off ? t.rerouting : text}
      </p>
      {typeof speechSynthesis !== 'undefined' && (
        <button type="button" class="plain" onClick={() => speak(text, lang)}>
          {t.speak}
        </button>
      )}
    </section>
  );
}
