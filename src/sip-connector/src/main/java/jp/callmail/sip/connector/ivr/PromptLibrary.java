package jp.callmail.sip.connector.ivr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every prompt, already encoded in both codecs.
 *
 * <p>Decoding, resampling and companding happen once, at construction, so a bad or missing file
 * stops the adapter at start-up with a message naming the file, instead of leaving a caller in
 * silence. Calls then only copy octets into packets. Immutable and thread-safe: one library serves
 * all calls.
 */
public final class PromptLibrary {

  /** Where the built-in prompts are on the class path; the files are {@link Prompt#fileName()}. */
  public static final String RESOURCE_DIRECTORY = "/jp/callmail/sip/connector/ivr/prompts/";

  private final Map<Prompt, Map<AudioCodec, byte[]>> audio = new EnumMap<>(Prompt.class);

  /**
   * @param source opens a prompt's WAVE file; returns null when there is none. The streams are
   *     closed here.
   * @throws IOException naming the file that is missing or unreadable
   */
  public PromptLibrary(Function<Prompt, InputStream> source) throws IOException {
    for (Prompt prompt : Prompt.values()) {
      short[] samples = load(prompt, source);
      Map<AudioCodec, byte[]> encoded = new EnumMap<>(AudioCodec.class);
      for (AudioCodec codec : AudioCodec.values()) {
        encoded.put(codec, codec.encode(samples));
      }
      audio.put(prompt, encoded);
    }
  }

  /**
   * The built-in prompts, each replaced by the file of the same name in {@code overrides} when that
   * directory has one.
   *
   * @param overrides a directory of WAVE files, or null for the built-in prompts only
   */
  public static PromptLibrary load(Path overrides) throws IOException {
    if (overrides != null && !Files.isDirectory(overrides)) {
      throw new IOException("IVR prompt directory " + overrides + " does not exist");
    }
    return new PromptLibrary(
        prompt -> {
          Path file = overrides == null ? null : overrides.resolve(prompt.fileName());
          try {
            return file != null && Files.isRegularFile(file)
                ? Files.newInputStream(file)
                : PromptLibrary.class.getResourceAsStream(RESOURCE_DIRECTORY + prompt.fileName());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The prompt companded for the codec, one octet per 8 kHz sample; a copy. */
  public byte[] audio(Prompt prompt, AudioCodec codec) {
    return audio.get(Objects.requireNonNull(prompt)).get(Objects.requireNonNull(codec)).clone();
  }

  /** How long the prompt plays, in milliseconds. */
  public long durationMillis(Prompt prompt) {
    return audio.get(prompt).get(AudioCodec.PCMU).length * 1000L / AudioCodec.CLOCK_RATE;
  }

  private static short[] load(Prompt prompt, Function<Prompt, InputStream> source)
      throws IOException {
    String name = prompt.fileName();
    InputStream opened;
    try {
      opened = source.apply(prompt);
    } catch (RuntimeException e) {
      throw new IOException("IVR prompt " + name + " cannot be opened: " + e.getMessage(), e);
    }
    if (opened == null) {
      throw new IOException(
          "IVR prompt "
              + name
              + " is missing: put it in the prompt directory or in the adapter at "
              + RESOURCE_DIRECTORY
              + name);
    }
    try (InputStream in = opened) {
      WaveFile.Audio wave = WaveFile.read(in);
      short[] samples = Resampler.toTargetRate(wave.samples(), wave.sampleRate());
      if (samples.length == 0) {
        throw new IOException("no audio");
      }
      return samples;
    } catch (IOException e) {
      throw new IOException(
          "IVR prompt "
              + name
              + " is not usable: "
              + e.getMessage()
              + " (expected RIFF WAVE, mono PCM 16-bit, or 8 kHz A-law/mu-law)",
          e);
    }
  }
}
