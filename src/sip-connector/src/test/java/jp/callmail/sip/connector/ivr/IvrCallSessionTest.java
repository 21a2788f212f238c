package jp.callmail.sip.connector.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.IvrLine;
import jp.callmail.sip.api.IvrService;
import jp.callmail.sip.api.TemporaryPasswordOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole calls over loopback: the test is the phone, sending keys as RFC 4733 events or SIP INFO and
 * checking the RTP it hears; a recording {@link IvrCallControl} is the SIP side.
 */
class IvrCallSessionTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final String LINE = "0612345678";
  private static final String PASSWORD = "97*13579";
  private static final IvrCaller CALLER =
      new IvrCaller(LINE, List.of(new IvrLine(LINE, true, true)));
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Logger SESSION_LOG = Logger.getLogger(IvrCallSession.class.getName());

  private final ExecutorService workManager = Executors.newSingleThreadExecutor();
  private final Control control = new Control();
  private final List<String> logs = Collections.synchronizedList(new ArrayList<>());
  private final Handler logCapture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logs.add(r.getMessage() + " " + r.getThrown());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Phone phone;
  private DatagramSocket ivrSocket;
  private Level logLevel;

  @BeforeEach
  void setUp() throws IOException {
    phone = new Phone();
    ivrSocket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    logLevel = SESSION_LOG.getLevel();
    SESSION_LOG.setLevel(Level.FINE);
    SESSION_LOG.addHandler(logCapture);
  }

  @AfterEach
  void tearDown() {
    workManager.shutdownNow();
    phone.socket.close();
    ivrSocket.close();
    SESSION_LOG.removeHandler(logCapture);
    SESSION_LOG.setLevel(logLevel);
    assertThat(logs).as("nothing logs the password").noneMatch(l -> l.contains("13579"));
  }

  /** Each prompt is a constant level, so the phone knows which one it hears from one octet. */
  private static PromptLibrary prompts(Prompt longOne) throws IOException {
    Map<Prompt, byte[]> files = new EnumMap<>(Prompt.class);
    for (Prompt p : Prompt.values()) {
      int millis = p == longOne ? 2000 : 100;
      files.put(p, Waves.pcm16(8000, Waves.level(8000, millis, levelOf(p))));
    }
    return new PromptLibrary(p -> new ByteArrayInputStream(files.get(p)));
  }

  private static int levelOf(Prompt p) {
    return 600 * (p.ordinal() + 1);
  }

  private static IvrSettings settings(Duration noInput, Duration interDigit, Duration limit) {
    return new IvrSettings("0722427142", 20000, 20999, null, noInput, interDigit, limit);
  }

  private static final IvrSettings RELAXED =
      settings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60));

  private SdpNegotiation.Negotiated media(String formats, String extra) throws Exception {
    return SdpNegotiation.fromOffer(
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio "
            + phone.socket.getLocalPort()
            + " RTP/AVP "
            + formats
            + "\r\n"
            + extra);
  }

  private Future<?> start(SdpNegotiation.Negotiated media, IvrSettings settings, Prompt longOne)
      throws Exception {
    phone.codec = media.codec();
    phone.payloadType = media.audioPayloadType();
    phone.ivr = new InetSocketAddress(LOOPBACK, ivrSocket.getLocalPort());
    IvrCallSession session =
        new IvrCallSession(ivrSocket, media, CALLER, prompts(longOne), settings, control);
    assertThat(session.localPort()).isEqualTo(ivrSocket.getLocalPort());
    this.session = session;
    return workManager.submit(session);
  }

  private IvrCallSession session;

  private void awaitEnd(Future<?> call) throws Exception {
    call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(ivrSocket.isClosed()).as("the session closes its socket").isTrue();
  }

  @Test
  void setsThePasswordWithRfc4733Events() throws Exception {
    Future<?> call = start(media("0 101", "a=rtpmap:101 telephone-event/8000\r\n"), RELAXED, null);
    control.outcomes.add(TemporaryPasswordOutcome.SET);

    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    phone.press("0#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.ENTER_NUMBER);
    phone.press(LINE + "#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.ENTER_PASSWORD);
    phone.press(PASSWORD + "#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.CONFIRM_PASSWORD);
    phone.press(PASSWORD + "#");
    assertThat(control.requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isEqualTo(List.of(LINE, IvrService.CALL_MAIL, PASSWORD));
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.COMPLETED);

    assertThat(control.hungUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(control.hungUpAt)
        .as("BYE after the last packet")
        .isGreaterThanOrEqualTo(phone.lastArrival);
    awaitEnd(call);
    assertThat(logs).anyMatch(l -> l.contains("MENU -> ENTER_NUMBER"));
    assertThat(logs)
        .anyMatch(l -> l.contains("temporary password of line " + LINE) && l.contains("SET"));
  }

  @Test
  void setsThePasswordWithSipInfoKeysInALaw() throws Exception {
    Future<?> call = start(media("8", ""), RELAXED, null);
    control.outcomes.add(TemporaryPasswordOutcome.SET);

    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    info("1#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.ENTER_NUMBER);
    info(LINE + "#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.ENTER_PASSWORD);
    info(PASSWORD + "#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.CONFIRM_PASSWORD);
    info(PASSWORD + "#");
    assertThat(control.requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isEqualTo(List.of(LINE, IvrService.FAX_MAIL, PASSWORD));
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.COMPLETED);
    assertThat(control.hungUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    awaitEnd(call);
  }

  private void info(String keys) {
    keys.chars().forEach(c -> session.dtmf((char) c));
  }

  @Test
  void anInvalidEntryIsToldAndAskedAgain() throws Exception {
    Future<?> call = start(media("0 101", "a=rtpmap:101 telephone-event/8000\r\n"), RELAXED, null);
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    phone.press("5#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.INVALID);
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    session.hangUpByRemote();
    awaitEnd(call);
  }

  @Test
  void keysStopAPlayingPrompt() throws Exception {
    Future<?> call =
        start(media("0 101", "a=rtpmap:101 telephone-event/8000\r\n"), RELAXED, Prompt.MENU);
    phone.awaitMarker(Prompt.MENU);
    phone.press("0#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.ENTER_NUMBER);
    assertThat(phone.packetsOf(Prompt.MENU)).as("barge-in").isLessThan(50);
    session.hangUpByRemote();
    awaitEnd(call);
  }

  @Test
  void noKeyAfterThePromptEndsTheCall() throws Exception {
    Future<?> call =
        start(
            media("0 101", "a=rtpmap:101 telephone-event/8000\r\n"),
            settings(Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(60)),
            null);
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    long menuEnded = System.nanoTime();
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - menuEnded))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(control.hungUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    awaitEnd(call);
    assertThat(control.requests).isEmpty();
  }

  @Test
  void anEntryWithoutHashEndsTheCall() throws Exception {
    Future<?> call =
        start(
            media("0 101", "a=rtpmap:101 telephone-event/8000\r\n"),
            settings(Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofSeconds(60)),
            null);
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    phone.press("0");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.TIMEOUT);
    assertThat(control.hungUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    awaitEnd(call);
  }

  @Test
  void theCallLimitEndsTheCall() throws Exception {
    Future<?> call =
        start(
            media("0", ""),
            settings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(400)),
            null);
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.TIMEOUT);
    assertThat(control.hungUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    awaitEnd(call);
  }

  @Test
  void theCallerHangingUpMidDialogueSetsNothing() throws Exception {
    Future<?> call = start(media("0 101", "a=rtpmap:101 telephone-event/8000\r\n"), RELAXED, null);
    control.outcomes.add(TemporaryPasswordOutcome.SET);
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    phone.press("0#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.ENTER_NUMBER);
    phone.press(LINE + "#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.ENTER_PASSWORD);
    phone.press(PASSWORD + "#");
    session.hangUpByRemote();
    phone.press(PASSWORD + "#");
    awaitEnd(call);
    assertThat(control.requests).isEmpty();
    assertThat(control.hungUp.getCount()).as("no BYE from the IVR").isEqualTo(1);
  }

  @Test
  void anUnavailableApplicationIsToldAndTheCallEnds() throws Exception {
    Future<?> call = start(media("0 101", "a=rtpmap:101 telephone-event/8000\r\n"), RELAXED, null);
    // no outcome queued: the control throws, as a timed-out application call would
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    phone.press("0#");
    phone.awaitPrompt();
    phone.press(LINE + "#");
    phone.awaitPrompt();
    phone.press(PASSWORD + "#");
    phone.awaitPrompt();
    phone.press(PASSWORD + "#");
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.UNAVAILABLE);
    assertThat(control.hungUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    awaitEnd(call);
  }

  @Test
  void stoppingTheSessionHangsUp() throws Exception {
    Future<?> call = start(media("0", ""), RELAXED, null);
    assertThat(phone.awaitPrompt()).isEqualTo(Prompt.MENU);
    session.stop();
    assertThat(control.hungUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    awaitEnd(call);
  }

  /** The SIP side as the test sees it. */
  private static final class Control implements IvrCallControl {
    final BlockingQueue<List<Object>> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<TemporaryPasswordOutcome> outcomes = new LinkedBlockingQueue<>();
    final CountDownLatch hungUp = new CountDownLatch(1);
    volatile long hungUpAt;

    @Override
    public TemporaryPasswordOutcome setTemporaryPassword(
        String line, IvrService service, String password) throws Exception {
      requests.add(List.of(line, service, password));
      TemporaryPasswordOutcome outcome = outcomes.poll();
      if (outcome == null) {
        throw new IllegalStateException("application unavailable");
      }
      return outcome;
    }

    @Override
    public void hangUp() {
      hungUpAt = System.nanoTime();
      hungUp.countDown();
    }

    @Override
    public String describe() {
      return "test-call@127.0.0.1";
    }
  }

  /** The caller's phone: hears RTP, checks it, and presses keys as RFC 4733 events. */
  private static final class Phone {
    final DatagramSocket socket;
    final Map<Prompt, Integer> heard = new EnumMap<>(Prompt.class);
    InetSocketAddress ivr;
    AudioCodec codec;
    int payloadType;
    RtpPacket last;
    long lastArrival;
    int eventSequence = 1;
    long eventTimestamp = 10_000;

    Phone() throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
      socket.setSoTimeout((int) WAIT.toMillis());
    }

    private Prompt promptOf(RtpPacket p) {
      Map<Byte, Prompt> byOctet = new HashMap<>();
      for (Prompt prompt : Prompt.values()) {
        byOctet.put(codec.encode(new short[] {(short) levelOf(prompt)})[0], prompt);
      }
      Prompt prompt = byOctet.get(p.payload()[0]);
      assertThat(prompt).as("a known prompt in %s", p).isNotNull();
      return prompt;
    }

    /** The next packet, checked against RFC 3550 §5.1 and RFC 3551 §4.1. */
    RtpPacket receive() throws IOException {
      byte[] buffer = new byte[2048];
      DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(datagram);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no RTP from the IVR for " + WAIT, e);
      }
      lastArrival = System.nanoTime();
      assertThat(datagram.getLength()).as("12 + 160 octets").isEqualTo(172);
      RtpPacket p = RtpPacket.parse(buffer, datagram.getLength()).orElseThrow();
      assertThat(p.payloadType()).isEqualTo(payloadType);
      if (last != null) {
        assertThat(p.ssrc()).isEqualTo(last.ssrc());
        assertThat(p.sequence()).as("sequence +1").isEqualTo((last.sequence() + 1) & 0xFFFF);
        long advance = (p.timestamp() - last.timestamp()) & 0xFFFF_FFFFL;
        if (p.marker()) {
          assertThat(advance).as("a new prompt's timestamp").isBetween(160L, 8000L * 60);
        } else {
          assertThat(advance).as("timestamp +160").isEqualTo(160);
          assertThat(promptOf(p)).as("one prompt until the next marker").isEqualTo(promptOf(last));
        }
      } else {
        assertThat(p.marker()).as("the first packet starts a talkspurt").isTrue();
      }
      last = p;
      heard.merge(promptOf(p), 1, Integer::sum);
      return p;
    }

    /** Waits for the start of a prompt. */
    void awaitMarker(Prompt expected) throws IOException {
      RtpPacket p;
      do {
        p = receive();
      } while (!p.marker());
      assertThat(promptOf(p)).isEqualTo(expected);
    }

    /** Hears one whole 100 ms prompt: a marked packet and four more. */
    Prompt awaitPrompt() throws IOException {
      RtpPacket first;
      do {
        first = receive();
      } while (!first.marker());
      Prompt prompt = promptOf(first);
      for (int i = 1; i < 5; i++) {
        assertThat(receive().marker()).as("packet %d of %s", i + 1, prompt).isFalse();
      }
      return prompt;
    }

    int packetsOf(Prompt prompt) {
      return heard.getOrDefault(prompt, 0);
    }

    /**
     * Each key as one event: three updates, then the end packet three times (RFC 4733 §2.5.1.4).
     */
    void press(String keys) throws IOException {
      for (char key : keys.toCharArray()) {
        int code = TelephoneEvent.eventOf(key);
        eventTimestamp += 1600;
        for (int duration = 160; duration <= 480; duration += 160) {
          send(new TelephoneEvent(code, false, 10, duration), duration == 160);
        }
        for (int i = 0; i < 3; i++) {
          send(new TelephoneEvent(code, true, 10, 640), false);
        }
      }
    }

    private void send(TelephoneEvent e, boolean marker) throws IOException {
      byte[] wire =
          new RtpPacket(marker, 101, eventSequence++, eventTimestamp, 0xCAFE, e.encode()).encode();
      socket.send(new DatagramPacket(wire, wire.length, ivr));
    }
  }
}
