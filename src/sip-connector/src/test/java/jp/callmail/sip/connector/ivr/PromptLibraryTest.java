package jp.callmail.sip.connector.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompts load from what audio tools write, and a bad file stops start-up with its name. */
class PromptLibraryTest {

  private static PromptLibrary libraryOf(Map<Prompt, byte[]> files) throws IOException {
    return new PromptLibrary(
        p -> files.containsKey(p) ? new ByteArrayInputStream(files.get(p)) : null);
  }

  private static Map<Prompt, byte[]> allPrompts(byte[] wave) {
    Map<Prompt, byte[]> files = new EnumMap<>(Prompt.class);
    for (Prompt p : Prompt.values()) {
      files.put(p, wave);
    }
    return files;
  }

  /** Zero crossings per second / 2: the frequency of a clean tone. */
  private static double frequency(short[] s, int rate) {
    int crossings = 0;
    for (int i = 1; i < s.length; i++) {
      if ((s[i - 1] < 0) != (s[i] < 0)) {
        crossings++;
      }
    }
    return crossings * rate / 2.0 / s.length;
  }

  private static double rms(short[] s) {
    return Math.sqrt(Arrays.stream(toInts(s)).mapToDouble(v -> (double) v * v).sum() / s.length);
  }

  private static int[] toInts(short[] s) {
    int[] out = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i];
    }
    return out;
  }

  private static short[] decode(byte[] ulaw) {
    short[] s = new short[ulaw.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = G711.ulawToLinear(ulaw[i]);
    }
    return s;
  }

  @Test
  void encodes8kHzPcmInBothLaws() throws Exception {
    short[] tone = Waves.tone(8000, 400, 100, 8000);
    PromptLibrary library = libraryOf(allPrompts(Waves.pcm16(8000, tone)));
    assertThat(library.audio(Prompt.MENU, AudioCodec.PCMU)).isEqualTo(AudioCodec.PCMU.encode(tone));
    assertThat(library.audio(Prompt.MENU, AudioCodec.PCMA)).isEqualTo(AudioCodec.PCMA.encode(tone));
    assertThat(library.durationMillis(Prompt.MENU)).isEqualTo(100);
  }

  @Test
  void resamplesHigherRatesKeepingTheSpeechBand() throws Exception {
    for (int rate : new int[] {16000, 44100, 48000}) {
      PromptLibrary library =
          libraryOf(allPrompts(Waves.pcm16(rate, Waves.tone(rate, 1000, 500, 10000))));
      short[] out = decode(library.audio(Prompt.MENU, AudioCodec.PCMU));
      assertThat(out.length).as("%d Hz", rate).isBetween(3990, 4000);
      assertThat(frequency(out, 8000)).as("%d Hz", rate).isCloseTo(1000, offset(20.0));
      assertThat(rms(out)).as("%d Hz", rate).isBetween(6500.0, 7600.0); // 10000 / sqrt 2
    }
  }

  @Test
  void filtersWhatWouldFoldIntoTheSpeechBand() throws Exception {
    // 6 kHz at 48 kHz would alias to 2 kHz at 8 kHz without the low-pass
    PromptLibrary library =
        libraryOf(allPrompts(Waves.pcm16(48000, Waves.tone(48000, 6000, 500, 10000))));
    short[] out = decode(library.audio(Prompt.MENU, AudioCodec.PCMU));
    assertThat(rms(Arrays.copyOfRange(out, 100, out.length - 100))).isLessThan(300);
  }

  @Test
  void upsamplesLowerRates() throws Exception {
    PromptLibrary library =
        libraryOf(allPrompts(Waves.pcm16(4000, Waves.tone(4000, 500, 500, 10000))));
    short[] out = decode(library.audio(Prompt.MENU, AudioCodec.PCMU));
    assertThat(out.length).isBetween(3990, 4000);
    assertThat(frequency(out, 8000)).isCloseTo(500, offset(10.0));
  }

  @Test
  void readsG711WavesAsTheyAre() throws Exception {
    short[] tone = Waves.tone(8000, 400, 100, 8000);
    byte[] ulaw = AudioCodec.PCMU.encode(tone);
    PromptLibrary fromUlaw = libraryOf(allPrompts(Waves.g711(AudioCodec.PCMU, 8000, tone)));
    assertThat(fromUlaw.audio(Prompt.INVALID, AudioCodec.PCMU)).isEqualTo(ulaw);
    byte[] alaw = AudioCodec.PCMA.encode(tone);
    PromptLibrary fromAlaw = libraryOf(allPrompts(Waves.g711(AudioCodec.PCMA, 8000, tone)));
    assertThat(fromAlaw.audio(Prompt.INVALID, AudioCodec.PCMA)).isEqualTo(alaw);
  }

  @Test
  void readsExtensibleWavesAndMixesStereoDown() throws Exception {
    short[] tone = Waves.tone(8000, 400, 100, 8000);
    assertThat(
            libraryOf(allPrompts(Waves.extensible(8000, tone))).audio(Prompt.MENU, AudioCodec.PCMU))
        .isEqualTo(AudioCodec.PCMU.encode(tone));
    short[] stereo = new short[tone.length * 2];
    for (int i = 0; i < tone.length; i++) {
      stereo[2 * i] = tone[i];
      stereo[2 * i + 1] = tone[i];
    }
    assertThat(
            libraryOf(allPrompts(Waves.pcm16(8000, 2, stereo))).audio(Prompt.MENU, AudioCodec.PCMU))
        .isEqualTo(AudioCodec.PCMU.encode(tone));
  }

  @Test
  void aMissingPromptIsNamed() {
    Map<Prompt, byte[]> files = allPrompts(Waves.pcm16(8000, Waves.tone(8000, 400, 100, 8000)));
    files.remove(Prompt.FAX_NOT_CONTRACTED);
    assertThatThrownBy(() -> libraryOf(files))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("fax_not_contracted.wav")
        .hasMessageContaining("missing");
  }

  @Test
  void aMalformedPromptIsNamedWithWhatIsWrong() {
    Map<Prompt, byte[]> files = allPrompts(Waves.pcm16(8000, Waves.tone(8000, 400, 100, 8000)));
    files.put(Prompt.TIMEOUT, "ID3 not a wave at all".getBytes());
    assertThatThrownBy(() -> libraryOf(files))
        .hasMessageContaining("timeout.wav")
        .hasMessageContaining("not a RIFF WAVE file");
    byte[] eightBit = Waves.pcm16(8000, Waves.tone(8000, 400, 100, 8000));
    eightBit[34] = 8; // bits per sample
    files.put(Prompt.TIMEOUT, eightBit);
    assertThatThrownBy(() -> libraryOf(files))
        .hasMessageContaining("timeout.wav")
        .hasMessageContaining("8 bits per sample is not supported");
    files.put(Prompt.TIMEOUT, Arrays.copyOf(eightBit, 30));
    assertThatThrownBy(() -> libraryOf(files)).hasMessageContaining("timeout.wav");
    files.put(Prompt.TIMEOUT, Waves.pcm16(8000, new short[0]));
    assertThatThrownBy(() -> libraryOf(files)).hasMessageContaining("no audio");
  }

  @Test
  void aSourceThatFailsIsNamed() {
    assertThatThrownBy(
            () ->
                new PromptLibrary(
                    p -> {
                      throw new IllegalStateException("disk on fire");
                    }))
        .hasMessageContaining("menu.wav")
        .hasMessageContaining("disk on fire");
  }

  @Test
  void aDirectoryOverridesTheBuiltInPrompts(@TempDir Path dir) throws Exception {
    short[] tone = Waves.tone(8000, 400, 60, 8000);
    for (Prompt p : Prompt.values()) {
      Files.write(dir.resolve(p.fileName()), Waves.pcm16(8000, tone));
    }
    PromptLibrary library = PromptLibrary.load(dir);
    assertThat(library.audio(Prompt.COMPLETED, AudioCodec.PCMA))
        .isEqualTo(AudioCodec.PCMA.encode(tone));

    Files.delete(dir.resolve("start_over.wav"));
    PromptLibrary mixed =
        PromptLibrary.load(dir); // a prompt missing from the directory is the built-in one
    assertThat(mixed.audio(Prompt.START_OVER, AudioCodec.PCMA))
        .isEqualTo(PromptLibrary.load(null).audio(Prompt.START_OVER, AudioCodec.PCMA));
    assertThat(mixed.audio(Prompt.COMPLETED, AudioCodec.PCMA))
        .isEqualTo(AudioCodec.PCMA.encode(tone));
    assertThatThrownBy(() -> PromptLibrary.load(dir.resolve("nowhere")))
        .hasMessageContaining("nowhere");
  }

  @Test
  void theBuiltInPromptsAreSpeechOfPlausibleLength() throws Exception {
    PromptLibrary library = PromptLibrary.load(null);
    for (Prompt p : Prompt.values()) {
      // Open JTalk speaks about 8 morae a second: every prompt lasts between 2 and 25 seconds
      assertThat(library.durationMillis(p)).as(p.fileName()).isBetween(2_000L, 25_000L);
      byte[] audio = library.audio(p, AudioCodec.PCMU);
      long loud = 0;
      for (byte b : audio) {
        if (Math.abs(G711.ulawToLinear(b)) > 1000) {
          loud++;
        }
      }
      assertThat(loud).as(p.fileName() + " is not silence").isGreaterThan(audio.length / 10);
    }
  }

  @Test
  void promptsAreNamedAfterTheirConstants() {
    assertThat(Prompt.ENTER_NUMBER.fileName()).isEqualTo("enter_number.wav");
    assertThat(Prompt.COMPLETED.text()).isEqualTo("仮パスワードの設定が完了しました。ご利用ありがとうございました。");
  }

  @Test
  void handsOutCopies() throws Exception {
    PromptLibrary library =
        libraryOf(allPrompts(Waves.pcm16(8000, Waves.tone(8000, 400, 100, 8000))));
    library.audio(Prompt.MENU, AudioCodec.PCMU)[0] = 1;
    assertThat(library.audio(Prompt.MENU, AudioCodec.PCMU)[0]).isNotEqualTo((byte) 1);
  }
}
