package jp.callmail.sip.connector.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import jp.callmail.sip.connector.ivr.SdpNegotiation.Direction;
import jp.callmail.sip.connector.ivr.SdpNegotiation.Negotiated;
import jp.callmail.sip.connector.ivr.SdpNegotiation.NotAcceptable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3264 offer/answer against offers that real phones and test tools send. */
class SdpNegotiationTest {

  private static String crlf(String sdp) {
    return sdp.replace("\n", "\r\n");
  }

  /** sipp's built-in uac scenario. */
  private static final String SIPP_UAC =
      crlf(
          """
          v=0
          o=user1 53655765 2353687637 IN IP4 192.0.2.10
          s=-
          c=IN IP4 192.0.2.10
          t=0 0
          m=audio 6000 RTP/AVP 0
          a=rtpmap:0 PCMU/8000
          """);

  /** Linphone-like: many codecs, media-level c=, telephone-event at two rates, RTCP attributes. */
  private static final String LINPHONE =
      crlf(
          """
          v=0
          o=alice 1234 678 IN IP4 10.0.0.5
          s=Talk
          c=IN IP4 10.0.0.5
          t=0 0
          a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
          m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100
          c=IN IP4 198.51.100.7
          a=rtpmap:96 opus/48000/2
          a=fmtp:96 useinbandfec=1
          a=rtpmap:97 speex/16000
          a=rtpmap:98 speex/8000
          a=rtpmap:101 telephone-event/48000
          a=rtpmap:99 telephone-event/16000
          a=rtpmap:100 telephone-event/8000
          a=rtcp:7079
          a=rtcp-fb:* trr-int 1000
          a=rtcp-fb:* ccm tmmbr
          a=ptime:20
          """);

  @Test
  void acceptsSippsDefaultOffer() throws Exception {
    Negotiated n = SdpNegotiation.fromOffer(SIPP_UAC);
    assertThat(n.remote()).isEqualTo(new InetSocketAddress("192.0.2.10", 6000));
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMU);
    assertThat(n.audioPayloadType()).isZero();
    assertThat(n.hasTelephoneEvents()).isFalse();
    assertThat(n.telephoneEventPayloadType()).isEqualTo(-1);
    assertThat(n.remoteDirection()).isEqualTo(Direction.SENDRECV);
    assertThat(n.sendAudio()).isTrue();

    String answer = SdpNegotiation.answer(n, "192.0.2.1", 20000, 42, 1);
    assertThat(answer)
        .isEqualTo(
            crlf(
                """
                v=0
                o=callmail 42 1 IN IP4 192.0.2.1
                s=callmail IVR
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 20000 RTP/AVP 0
                a=rtpmap:0 PCMU/8000
                a=ptime:20
                a=sendrecv
                """));
  }

  @Test
  void choosesTheFirstG711OfALinphoneOfferAndItsNarrowbandEvents() throws Exception {
    Negotiated n = SdpNegotiation.fromOffer(LINPHONE);
    assertThat(n.remote())
        .as("media-level c= wins")
        .isEqualTo(new InetSocketAddress("198.51.100.7", 7078));
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMU);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(100);
    assertThat(n.ptime()).isEqualTo(20);

    String answer = SdpNegotiation.answer(n, "192.0.2.1", 20002, 7, 8);
    assertThat(answer)
        .contains("m=audio 20002 RTP/AVP 0 100\r\n")
        .contains("a=rtpmap:0 PCMU/8000\r\n")
        .contains("a=rtpmap:100 telephone-event/8000\r\n")
        .contains("a=fmtp:100 0-15\r\n")
        .contains("a=ptime:20\r\n")
        .endsWith("a=sendrecv\r\n");
    assertThat(SdpNegotiation.fromAnswer(answer).telephoneEventPayloadType())
        .as("the answer reads back")
        .isEqualTo(100);
  }

  @Test
  void findsTelephoneEventsAtAnyDynamicPayloadType() throws Exception {
    Negotiated n =
        SdpNegotiation.fromOffer(
            crlf(
                """
        v=0
        o=- 1 1 IN IP4 203.0.113.9
        s=-
        c=IN IP4 203.0.113.9
        t=0 0
        m=audio 40000 RTP/AVP 8 0 96
        a=rtpmap:8 PCMA/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:96 telephone-event/8000
        a=fmtp:96 0-16
        """));
    assertThat(n.codec()).as("the caller's first choice").isEqualTo(AudioCodec.PCMA);
    assertThat(n.audioPayloadType()).isEqualTo(8);
    assertThat(n.telephoneEventPayloadType()).isEqualTo(96);
    assertThat(SdpNegotiation.answer(n, "192.0.2.1", 20000, 1, 1))
        .contains(
            "m=audio 20000 RTP/AVP 8 96\r\n",
            "a=rtpmap:8 PCMA/8000\r\n",
            "a=rtpmap:96 telephone-event/8000\r\n",
            "a=fmtp:96 0-15\r\n");
  }

  @Test
  void acceptsAPcmaOnlyOfferWithoutRtpmap() throws Exception {
    Negotiated n =
        SdpNegotiation.fromOffer(
            "v=0\no=- 1 1 IN IP4 192.0.2.20\ns=-\nc=IN IP4 192.0.2.20\nt=0 0\nm=audio 5004 RTP/AVP 8\n");
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMA);
    assertThat(n.remote().getPort()).isEqualTo(5004);
  }

  @Test
  void acceptsG711AtADynamicPayloadType() throws Exception {
    Negotiated n =
        SdpNegotiation.fromOffer(
            crlf(
                """
        v=0
        o=- 1 1 IN IP4 192.0.2.20
        s=-
        c=IN IP4 192.0.2.20
        t=0 0
        m=audio 5004 RTP/AVP 18 110
        a=rtpmap:18 G729/8000
        a=rtpmap:110 pcmu/8000
        """));
    assertThat(n.codec()).isEqualTo(AudioCodec.PCMU);
    assertThat(n.audioPayloadType()).isEqualTo(110);
  }

  @Test
  void answersTheAudioOfAVideoCallAndRefusesTheVideoInPlace() throws Exception {
    Negotiated n =
        SdpNegotiation.fromOffer(
            crlf(
                """
        v=0
        o=- 99 2 IN IP4 192.0.2.30
        s=-
        c=IN IP4 192.0.2.30
        t=0 0
        m=video 9000 RTP/AVP 96 97
        a=rtpmap:96 H264/90000
        a=rtpmap:97 VP8/90000
        m=audio 9002 RTP/AVP 9 0 101
        a=rtpmap:9 G722/8000
        a=rtpmap:101 telephone-event/8000
        a=sendrecv
        """));
    assertThat(n.remote().getPort()).isEqualTo(9002);
    String answer = SdpNegotiation.answer(n, "192.0.2.1", 20000, 1, 1);
    assertThat(answer.indexOf("m=video 0 RTP/AVP 96\r\n"))
        .as("the refused stream keeps its place (RFC 3264 §6)")
        .isPositive()
        .isLessThan(answer.indexOf("m=audio 20000 RTP/AVP 0 101\r\n"));
  }

  @Test
  void skipsARefusedAudioStreamForTheNextOne() throws Exception {
    Negotiated n =
        SdpNegotiation.fromOffer(
            crlf(
                """
        v=0
        o=- 1 1 IN IP4 192.0.2.40
        s=-
        c=IN IP4 192.0.2.40
        t=0 0
        m=audio 0 RTP/AVP 0
        m=audio 6002 RTP/SAVP 0
        m=audio 6004 RTP/AVP 0
        """));
    assertThat(n.remote().getPort()).isEqualTo(6004);
    assertThat(n.streamIndex()).isEqualTo(2);
    assertThat(SdpNegotiation.answer(n, "192.0.2.1", 20000, 1, 1))
        .contains("m=audio 0 RTP/AVP 0\r\nm=audio 0 RTP/SAVP 0\r\nm=audio 20000 RTP/AVP 0\r\n");
  }

  @Test
  void refusesAnOfferWhoseOnlyAudioIsRefused() {
    assertThatThrownBy(
            () ->
                SdpNegotiation.fromOffer(
                    crlf(
                        """
        v=0
        o=- 1 1 IN IP4 192.0.2.40
        s=-
        c=IN IP4 192.0.2.40
        t=0 0
        m=audio 0 RTP/AVP 0
        """)))
        .isInstanceOf(NotAcceptable.class)
        .hasMessageContaining("port 0");
  }

  @Test
  void refusesAnOfferWithoutG711() {
    assertThatThrownBy(
            () ->
                SdpNegotiation.fromOffer(
                    crlf(
                        """
        v=0
        o=- 1 1 IN IP4 192.0.2.40
        s=-
        c=IN IP4 192.0.2.40
        t=0 0
        m=audio 6000 RTP/AVP 18 96
        a=rtpmap:96 opus/48000/2
        """)))
        .isInstanceOf(NotAcceptable.class)
        .hasMessageContaining("No PCMU or PCMA");
  }

  @Test
  void refusesAnOfferWithoutAudio() {
    assertThatThrownBy(
            () ->
                SdpNegotiation.fromOffer(
                    crlf(
                        """
        v=0
        o=- 1 1 IN IP4 192.0.2.40
        s=-
        c=IN IP4 192.0.2.40
        t=0 0
        m=video 6000 RTP/AVP 96
        """)))
        .isInstanceOf(NotAcceptable.class)
        .hasMessage("No audio stream in the offer");
  }

  @Test
  void refusesAnAudioStreamWithoutConnectionAddress() {
    assertThatThrownBy(
            () ->
                SdpNegotiation.fromOffer(
                    "v=0\no=- 1 1 IN IP4 192.0.2.40\ns=-\nt=0 0\nm=audio 6000 RTP/AVP 0\n"))
        .isInstanceOf(NotAcceptable.class)
        .hasMessageContaining("c=");
  }

  @Test
  void refusesAHostNameForAnAddress() {
    assertThatThrownBy(
            () ->
                SdpNegotiation.fromOffer(
                    "v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 media.example.com\nt=0 0\nm=audio 6000 RTP/AVP 0\n"))
        .isInstanceOf(NotAcceptable.class)
        .hasMessageContaining("not an IP address");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {"", "   ", "garbage", "hello\r\nworld\r\n", "v=0\r\nm=audio x RTP/AVP 0\r\n"})
  void refusesGarbage(String sdp) {
    assertThatThrownBy(() -> SdpNegotiation.fromOffer(sdp))
        .isInstanceOf(NotAcceptable.class)
        .hasMessageNotContaining("null");
  }

  @Test
  void acceptsIpv6() throws Exception {
    Negotiated n =
        SdpNegotiation.fromOffer(
            crlf(
                """
        v=0
        o=- 1 1 IN IP6 2001:db8::5
        s=-
        c=IN IP6 2001:db8::5
        t=0 0
        m=audio 6000 RTP/AVP 0
        """));
    assertThat(n.remote()).isEqualTo(new InetSocketAddress("2001:db8::5", 6000));
    assertThat(SdpNegotiation.answer(n, "2001:db8::1", 20000, 1, 1))
        .contains("o=callmail 1 1 IN IP6 2001:db8::1\r\n", "c=IN IP6 2001:db8::1\r\n");
  }

  @Test
  void answersAHoldWithTheReverseDirectionAndSendsNothing() throws Exception {
    Negotiated sendonly = SdpNegotiation.fromOffer(SIPP_UAC + "a=sendonly\r\n");
    assertThat(sendonly.remoteDirection()).isEqualTo(Direction.SENDONLY);
    assertThat(sendonly.sendAudio()).isFalse();
    assertThat(SdpNegotiation.answer(sendonly, "192.0.2.1", 20000, 1, 2))
        .endsWith("a=recvonly\r\n");

    Negotiated oldHold =
        SdpNegotiation.fromOffer(SIPP_UAC.replace("c=IN IP4 192.0.2.10", "c=IN IP4 0.0.0.0"));
    assertThat(oldHold.sendAudio()).as("c=0.0.0.0 of RFC 2543").isFalse();
  }

  @Test
  void sessionLevelDirectionAppliesWhenTheStreamHasNone() throws Exception {
    Negotiated n =
        SdpNegotiation.fromOffer(SIPP_UAC.replace("t=0 0\r\n", "t=0 0\r\na=recvonly\r\n"));
    assertThat(n.remoteDirection()).isEqualTo(Direction.RECVONLY);
    assertThat(n.sendAudio()).isTrue();
  }

  @Test
  void offersBothLawsAndTelephoneEventsAndReadsTheAnswer() throws Exception {
    String offer = SdpNegotiation.offer("192.0.2.1", 20010, 5, 1);
    assertThat(offer)
        .isEqualTo(
            crlf(
                """
                v=0
                o=callmail 5 1 IN IP4 192.0.2.1
                s=callmail IVR
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 20010 RTP/AVP 0 8 101
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:101 telephone-event/8000
                a=fmtp:101 0-15
                a=ptime:20
                a=sendrecv
                """));
    Negotiated answer =
        SdpNegotiation.fromAnswer(
            crlf(
                """
        v=0
        o=bob 1 1 IN IP4 192.0.2.50
        s=-
        c=IN IP4 192.0.2.50
        t=0 0
        m=audio 30000 RTP/AVP 8 101
        a=rtpmap:101 telephone-event/8000
        """));
    assertThat(answer.codec()).isEqualTo(AudioCodec.PCMA);
    assertThat(answer.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(answer.remote()).isEqualTo(new InetSocketAddress("192.0.2.50", 30000));
  }

  @Test
  void refusesAnAnswerThatRefusedAudio() {
    assertThatThrownBy(
            () ->
                SdpNegotiation.fromAnswer(
                    "v=0\no=- 1 1 IN IP4 192.0.2.50\ns=-\nc=IN IP4 192.0.2.50\nt=0 0\nm=audio 0 RTP/AVP 0\n"))
        .isInstanceOf(NotAcceptable.class);
  }
}
