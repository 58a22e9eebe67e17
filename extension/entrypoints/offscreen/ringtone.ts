/** A ringtone generated with WebAudio: two tones, two seconds on, four off, until stopped. */
export class Ringtone {
  #context: AudioContext | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.#context) return;
    const context = new AudioContext();
    this.#context = context;
    const ringOnce = () => {
      const gain = context.createGain();
      gain.gain.value = 0.08;
      gain.connect(context.destination);
      for (const frequency of [440, 480]) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(gain);
        oscillator.start();
        oscillator.stop(context.currentTime + 2);
      }
    };
    ringOnce();
    this.#timer = setInterval(ringOnce, 6_000);
  }

  stop(): void {
    clearInterval(this.#timer);
    void this.#context?.close();
    this.#context = null;
  }
}
