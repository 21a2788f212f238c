package jp.callmail.sip.connector.ivr;

/**
 * Converts prompt audio to the 8 kHz of G.711 by linear interpolation.
 *
 * <p>Prompts are often made at 16, 44.1 or 48 kHz. Interpolating alone would fold everything above
 * 4 kHz back into the speech band (sibilants become a hiss), so a higher rate is first low-passed
 * with a Hamming-windowed sinc at 3.6 kHz. Only the input samples next to an output instant are
 * filtered. Runs once per prompt at start-up, so clarity wins over speed.
 */
final class Resampler {

  static final int TARGET_RATE = AudioCodec.CLOCK_RATE;
  private static final double CUTOFF_HZ = 3600;

  private Resampler() {}

  static short[] toTargetRate(short[] in, int rate) {
    if (rate == TARGET_RATE || in.length == 0) {
      return in.clone();
    }
    double[] kernel = rate > TARGET_RATE ? lowPass(rate) : new double[] {1};
    int half = kernel.length / 2;
    double step = (double) rate / TARGET_RATE;
    int outLength = (int) Math.floor((in.length - 1) / step) + 1;
    short[] out = new short[outLength];
    for (int n = 0; n < outLength; n++) {
      double position = n * step;
      int i = (int) position;
      double fraction = position - i;
      double a = filtered(in, i, kernel, half);
      double b = i + 1 < in.length ? filtered(in, i + 1, kernel, half) : a;
      out[n] = clip(a + (b - a) * fraction);
    }
    return out;
  }

  /** A windowed-sinc low-pass whose length grows with the ratio, so the transition stays narrow. */
  private static double[] lowPass(int rate) {
    int taps = 16 * (int) Math.ceil((double) rate / TARGET_RATE) + 1;
    double fc = CUTOFF_HZ / rate;
    double[] h = new double[taps];
    double sum = 0;
    int m = taps - 1;
    for (int k = 0; k < taps; k++) {
      double x = k - m / 2.0;
      double sinc = x == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
      h[k] = sinc * (0.54 - 0.46 * Math.cos(2 * Math.PI * k / m));
      sum += h[k];
    }
    for (int k = 0; k < taps; k++) {
      h[k] /= sum; // unity gain at DC
    }
    return h;
  }

  private static double filtered(short[] in, int i, double[] kernel, int half) {
    double acc = 0;
    for (int k = 0; k < kernel.length; k++) {
      int j = i + k - half;
      if (j >= 0 && j < in.length) {
        acc += kernel[k] * in[j];
      }
    }
    return acc;
  }

  private static short clip(double v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
  }
}
