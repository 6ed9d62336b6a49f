/**
 * Sends a short text message to a phone. Port for the sign-in codes; the only adapter so far is
 * {@link LoggingSmsSender}, which sends nothing (no SMS gateway contract exists yet).
 */
export abstract class SmsSenderPort {
  /**
   * @param phoneDigits the number as digits in international form, e.g. `4963815550100`
   * @param text the message, German
   * @param secret the part of `text` that must never reach a production log (the code)
   */
  abstract send(phoneDigits: string, text: string, secret: string): Promise<void>;
}
