package jp.callmail.sip.connector.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** T.38 detection in SDP bodies as real fax gateways send them, and in what no gateway should. */
class SdpKindTest {

  private static final String HEAD =
      "v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n";

  private static final String AUDIO =
      HEAD + "m=audio 49170 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n";

  /** A T.38 re-INVITE's offer as gateways send it: the audio stream declined, the image offered. */
  private static final String T38 =
      HEAD
          + "m=audio 0 RTP/AVP 0\r\n"
          + "m=image 49172 udptl t38\r\n"
          + "a=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\na=T38FaxRateManagement:transferredTCF\r\n";

  private static SdpKind sdp(String body) {
    return SdpKind.of("application/sdp", null, body.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void anAudioOnlySessionIsNotT38() {
    assertThat(sdp(AUDIO)).isEqualTo(SdpKind.OTHER);
  }

  @Test
  void anImageStreamWithUdptlT38IsT38() {
    assertThat(sdp(T38)).isEqualTo(SdpKind.T38);
  }

  @Test
  void audioAndImageOfferedTogetherIsT38() {
    assertThat(sdp(AUDIO + "m=image 49172 udptl t38\r\n")).isEqualTo(SdpKind.T38);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "m=image 0 udptl t38", // declined (RFC 3264 §6)
        "m=image 00 udptl t38",
        "m=image 0/2 udptl t38",
        "m=image 65536 udptl t38", // no such port
        "m=image -1 udptl t38",
        "m=image x udptl t38",
        "m=image 5000 RTP/AVP t38", // not UDPTL
        "m=image 5000 udptl", // no format
        "m=image 5000 udptl jpeg",
        "m=audio 5000 udptl t38",
        "m=image",
        "a=m=image 5000 udptl t38"
      })
  void aDeclinedOrOtherImageStreamIsNotT38(String media) {
    assertThat(sdp(HEAD + media + "\r\n")).isEqualTo(SdpKind.OTHER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "m=IMAGE 5000 UDPTL T38",
        "m=Image 5000 UdpTL t38",
        "m=image 5000 udptl T38",
        "m=image\t5000\tudptl\tt38",
        "m=image 5000/1 udptl t38",
        "m=image 65535 udptl t38",
        "m=image 5000  udptl  t38 ", // extra blanks
        "m=image 5000 udptl jpeg t38",
        "m= image 5000 udptl t38" // sloppy, but what it means is plain
      })
  void caseAndSpacingDoNotMatter(String media) {
    assertThat(sdp(HEAD + media + "\r\n")).isEqualTo(SdpKind.T38);
    assertThat(sdp((HEAD + media + "\n").replace("\r\n", "\n")))
        .as("LF only")
        .isEqualTo(SdpKind.T38);
  }

  @Test
  void aLastLineWithoutLineEndStillCounts() {
    assertThat(sdp(HEAD + "m=image 5000 udptl t38")).isEqualTo(SdpKind.T38);
  }

  @ParameterizedTest
  @CsvSource({"application/sdp", "APPLICATION/SDP", "Application/Sdp"})
  void theContentTypeIsCaseInsensitive(String type) {
    assertThat(SdpKind.of(type, null, T38.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(SdpKind.T38);
  }

  @Test
  void noBodyOrAnotherTypeIsNoOffer() {
    assertThat(SdpKind.of("application/sdp", null, null)).isEqualTo(SdpKind.NONE);
    assertThat(SdpKind.of("application/sdp", null, new byte[0])).isEqualTo(SdpKind.NONE);
    assertThat(SdpKind.of(null, null, T38.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(SdpKind.NONE);
    assertThat(SdpKind.of("text/plain", null, T38.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(SdpKind.NONE);
    assertThat(SdpKind.of("application/isup", null, new byte[] {1, 2, 3})).isEqualTo(SdpKind.NONE);
  }

  // ---------------------------------------------------------------- multipart (SIP-I, RFC 3204)

  private static String multipart(String boundary, String sdp) {
    return "--"
        + boundary
        + "\r\nContent-Type: application/isup;version=itu-t92+\r\nContent-Disposition: signal;handling=optional\r\n\r\n"
        + "\u0001\u0010\u0060\u0001\n--not-the-boundary\r\n"
        + "\r\n--"
        + boundary
        + "\r\ncontent-type: Application/SDP\r\n\r\n"
        + sdp
        + "\r\n--"
        + boundary
        + "--\r\n";
  }

  @Test
  void anSdpPartOfAMultipartBodyIsRead() {
    byte[] fax = multipart("unique-boundary-1", T38).getBytes(StandardCharsets.ISO_8859_1);
    byte[] voice = multipart("unique-boundary-1", AUDIO).getBytes(StandardCharsets.ISO_8859_1);

    assertThat(SdpKind.of("multipart/mixed", "unique-boundary-1", fax)).isEqualTo(SdpKind.T38);
    assertThat(SdpKind.of("Multipart/Mixed", "\"unique-boundary-1\"", fax))
        .as("quoted boundary")
        .isEqualTo(SdpKind.T38);
    assertThat(SdpKind.of("multipart/mixed", "unique-boundary-1", voice)).isEqualTo(SdpKind.OTHER);
  }

  @Test
  void aMultipartBodyWithoutSdpOrWithTheWrongBoundaryHasNoOffer() {
    byte[] fax = multipart("unique-boundary-1", T38).getBytes(StandardCharsets.ISO_8859_1);

    assertThat(SdpKind.of("multipart/mixed", "another", fax)).isEqualTo(SdpKind.NONE);
    assertThat(SdpKind.of("multipart/mixed", null, fax)).isEqualTo(SdpKind.NONE);
    assertThat(SdpKind.of("multipart/mixed", "", fax)).isEqualTo(SdpKind.NONE);
    String isupOnly = "--b\r\nContent-Type: application/isup\r\n\r\nxx\r\n--b--\r\n";
    assertThat(SdpKind.of("multipart/mixed", "b", isupOnly.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(SdpKind.NONE);
  }

  @Test
  void aNestedMultipartIsReadToABoundedDepth() {
    String inner = multipart("inner", T38);
    String outer =
        "--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
            + inner
            + "\r\n--outer--\r\n";
    assertThat(SdpKind.of("multipart/mixed", "outer", outer.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(SdpKind.T38);

    String deep = "--b0\r\nContent-Type: application/sdp\r\n\r\n" + T38 + "\r\n--b0--\r\n";
    for (int depth = 1; depth <= 5; depth++) {
      deep =
          "--b"
              + depth
              + "\r\nContent-Type: multipart/mixed;boundary=b"
              + (depth - 1)
              + "\r\n\r\n"
              + deep
              + "\r\n--b"
              + depth
              + "--\r\n";
    }
    assertThat(SdpKind.of("multipart/mixed", "b5", deep.getBytes(StandardCharsets.UTF_8)))
        .as("six levels deep: not looked into")
        .isEqualTo(SdpKind.NONE);
  }

  // ---------------------------------------------------------------- garbage never throws

  @Test
  void garbageNeverThrowsAndIsNeverT38() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      byte[] body = new byte[random.nextInt(600)];
      random.nextBytes(body);
      assertThat(SdpKind.of("application/sdp", null, body)).isNotEqualTo(SdpKind.T38);
      assertThat(SdpKind.of("multipart/mixed", "x", body)).isNotEqualTo(SdpKind.T38);
    }
    assertThat(sdp("m=\r\nm=\nm\n=\n\n\r\r")).isEqualTo(SdpKind.OTHER);
    assertThat(sdp("\u0000".repeat(10_000))).isEqualTo(SdpKind.OTHER);
    assertThat(sdp("m=image 99999999999999999999 udptl t38")).isEqualTo(SdpKind.OTHER);
    String unterminated = "--b\r\nContent-Type: application/sdp";
    assertThat(SdpKind.of("multipart/mixed", "b", unterminated.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(SdpKind.NONE);
    assertThat(SdpKind.of("multipart/mixed", "b", "--b".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(SdpKind.NONE);
  }

  @Test
  void aHugeBodyOfManyPartsIsReadInBoundedWork() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      body.append("--b\r\nContent-Type: application/sdp\r\n\r\n").append(AUDIO).append("\r\n");
    }
    body.append("--b\r\nContent-Type: application/sdp\r\n\r\n").append(T38).append("\r\n--b--\r\n");
    long start = System.nanoTime();

    SdpKind kind =
        SdpKind.of("multipart/mixed", "b", body.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(kind).as("parts beyond the 32nd are not read").isEqualTo(SdpKind.OTHER);
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    String manyLines = HEAD + "a=x\r\n".repeat(5_000) + "m=image 5000 udptl t38\r\n";
    assertThat(sdp(manyLines)).as("lines beyond the 2000th are not read").isEqualTo(SdpKind.OTHER);
  }
}
