package jp.callmail.sip.connector.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ITU-T G.711: known code words, and every code word survives decoding and encoding again. */
class G711Test {

  @ParameterizedTest(name = "[{index}] mu-law({0}) = {1}")
  @CsvSource({
    "0, FF",
    "-1, 7E",
    "32767, 80",
    "-32768, 00",
    "32124, 80",
    "-32124, 00",
    "1000, CE",
    "-1000, 4E",
    "8, FE"
  })
  void encodesMuLaw(short linear, String code) {
    assertThat(G711.linearToUlaw(linear)).isEqualTo((byte) Integer.parseInt(code, 16));
  }

  @ParameterizedTest(name = "[{index}] A-law({0}) = {1}")
  @CsvSource({"0, D5", "-1, 55", "32767, AA", "-32768, 2A", "1000, FA", "-1000, 7A", "8, D5"})
  void encodesALaw(short linear, String code) {
    assertThat(G711.linearToAlaw(linear)).isEqualTo((byte) Integer.parseInt(code, 16));
  }

  @ParameterizedTest(name = "[{index}] {0} decodes to {1} and {2}")
  @CsvSource({"FF, 0, 848", "00, -32124, -5504", "80, 32124, 5504", "D5, , 8", "55, , -8"})
  void decodesKnownCodeWords(String code, Short ulaw, short alaw) {
    byte b = (byte) Integer.parseInt(code, 16);
    if (ulaw != null) {
      assertThat(G711.ulawToLinear(b)).isEqualTo(ulaw);
    }
    assertThat(G711.alawToLinear(b)).isEqualTo(alaw);
  }

  @Test
  void everyCodeWordRoundTrips() {
    for (int i = 0; i < 256; i++) {
      byte code = (byte) i;
      if (code != 0x7F) { // mu-law has two zeros, 0x7F (-0) and 0xFF (+0)
        assertThat(G711.linearToUlaw(G711.ulawToLinear(code))).as("mu-law %02X", i).isEqualTo(code);
      }
      assertThat(G711.linearToAlaw(G711.alawToLinear(code))).as("A-law %02X", i).isEqualTo(code);
    }
  }

  @Test
  void quantisationErrorStaysWithinHalfAStep() {
    for (int v = Short.MIN_VALUE; v <= Short.MAX_VALUE; v += 7) {
      short s = (short) v;
      int ulawError = Math.abs(G711.ulawToLinear(G711.linearToUlaw(s)) - s);
      int alawError = Math.abs(G711.alawToLinear(G711.linearToAlaw(s)) - s);
      // steps grow with the segment: 1/32 of the magnitude plus a little is generous enough
      int bound = Math.max(Math.abs(v) / 32, 16) + 8;
      if (Math.abs(v) <= 32124) {
        assertThat(ulawError).as("mu-law error at %d", v).isLessThanOrEqualTo(bound);
      }
      assertThat(alawError).as("A-law error at %d", v).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void encodingIsMonotonic() {
    int previous = Integer.MIN_VALUE;
    for (int v = Short.MIN_VALUE; v <= Short.MAX_VALUE; v += 3) {
      int decoded = G711.alawToLinear(G711.linearToAlaw((short) v));
      assertThat(decoded).isGreaterThanOrEqualTo(previous);
      previous = decoded;
    }
  }
}
