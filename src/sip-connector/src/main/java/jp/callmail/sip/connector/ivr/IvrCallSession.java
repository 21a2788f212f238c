package jp.callmail.sip.connector.ivr;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import jp.callmail.sip.api.IvrCaller;
import jp.callmail.sip.api.TemporaryPasswordOutcome;
import jp.callmail.sip.connector.ivr.IvrDialogue.Action;
import jp.callmail.sip.connector.ivr.IvrDialogue.HangUp;
import jp.callmail.sip.connector.ivr.IvrDialogue.Play;
import jp.callmail.sip.connector.ivr.IvrDialogue.SetPassword;
import jp.callmail.sip.connector.ivr.IvrDialogue.Step;

/**
 * One IVR call's media: plays the {@link IvrDialogue}'s prompts as RTP, hears its keys, keeps its
 * timers, until the call ends.
 *
 * <p>One thread does everything, so the dialogue, the decoder and the RTP state need no locks: the
 * session is a {@link Runnable} that the SIP side runs on a WorkManager thread for the length of
 * the call. The loop paces packets against absolute {@link System#nanoTime()} deadlines, so the 20
 * ms rhythm never drifts, and waits for incoming RTP with a short socket timeout in between. The
 * SIP side reaches the loop only through {@link #dtmf}, {@link #hangUpByRemote}, {@link #stop} and
 * {@link #mediaChanged}, which queue an event and return at once.
 *
 * <p>The session owns its socket and closes it when the call ends; the SIP side opens it first
 * (from {@link RtpPortPool}) to put the port in its SDP. Logs carry the call's description and
 * steps, never the keys typed.
 *
 * <p>Why it is over 400 lines: one thread runs the whole call (pacing, keys, timers, dialogue) so
 * that nothing needs a lock; its state is kept in one class on purpose.
 */
public final class IvrCallSession implements Runnable {

  private static final Logger LOG = Logger.getLogger(IvrCallSession.class.getName());
  private static final long FRAME_NANOS = Duration.ofMillis(20).toNanos();

  /** After a stall (GC, a slow application call) at most this many packets go out at once. */
  private static final int MAX_BURST = 3;

  /** The loop turns at least this often, to see events from the SIP side. */
  private static final long MAX_WAIT_NANOS = FRAME_NANOS;

  /** After the call limit, the closing prompt may play this long before the IVR hangs up anyway. */
  private static final long CLOSING_GRACE_NANOS = Duration.ofSeconds(30).toNanos();

  private static final long NONE = Long.MAX_VALUE;
  private static final int RECEIVE_BUFFER = 2048;

  private final DatagramSocket socket;
  private final IvrCaller caller;
  private final PromptLibrary prompts;
  private final IvrSettings settings;
  private final IvrCallControl control;
  private final IvrDialogue dialogue;
  private final Queue<Event> events = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean started = new AtomicBoolean();

  // Owned by the loop thread.
  private SdpNegotiation.Negotiated media;
  private final RtpSender sender;
  private final Playback playback;
  private TelephoneEventDecoder decoder;
  private final Deque<Action> pending = new ArrayDeque<>();
  private long nextFrameAt;
  private long playedUntil;
  private long inputDeadline = NONE;
  private boolean interDigitTimer;
  private boolean limitReached;
  private boolean ended;
  private boolean sendFailed;

  /** The one source whose RTP is heard; see {@link #heard}. */
  private InetSocketAddress latched;

  private long ignoredPackets;

  /** What the SIP side tells the loop. */
  private sealed interface Event {}

  private record Key(char key) implements Event {}

  private record RemoteHangUp() implements Event {}

  private record Stop() implements Event {}

  private record MediaChanged(SdpNegotiation.Negotiated media) implements Event {}

  /**
   * @param socket the bound RTP socket whose port the SDP announced; the session closes it
   * @param media the negotiated stream
   * @param caller the lines this caller may act on
   * @param prompts the prompts, shared by all calls
   * @param settings the timeouts
   * @param control the SIP side: application, BYE, call description
   */
  public IvrCallSession(
      DatagramSocket socket,
      SdpNegotiation.Negotiated media,
      IvrCaller caller,
      PromptLibrary prompts,
      IvrSettings settings,
      IvrCallControl control) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.media = Objects.requireNonNull(media, "media");
    this.caller = Objects.requireNonNull(caller, "caller");
    this.prompts = Objects.requireNonNull(prompts, "prompts");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.control = Objects.requireNonNull(control, "control");
    this.dialogue = new IvrDialogue(caller);
    this.sender = new RtpSender(socket, media, RandomGenerator.getDefault());
    this.playback = new Playback(media.codec());
    this.decoder = decoderFor(media);
  }

  /** The local RTP port, for the SDP. */
  public int localPort() {
    return socket.getLocalPort();
  }

  /** A key from a SIP INFO (see {@link DtmfInfo}). Thread-safe. */
  public void dtmf(char key) {
    events.add(new Key(key));
  }

  /**
   * The caller hung up (BYE or CANCEL): the loop ends without {@link IvrCallControl#hangUp}.
   * Thread-safe.
   */
  public void hangUpByRemote() {
    events.add(new RemoteHangUp());
  }

  /**
   * Ends the call from the IVR side, e.g. when the adapter stops: {@link IvrCallControl#hangUp} is
   * called. Thread-safe.
   */
  public void stop() {
    events.add(new Stop());
  }

  /** A re-INVITE renegotiated the stream (hold, new address). The codec stays. Thread-safe. */
  public void mediaChanged(SdpNegotiation.Negotiated renegotiated) {
    events.add(new MediaChanged(Objects.requireNonNull(renegotiated, "renegotiated")));
  }

  /** Runs the call to its end; returns when the call is over and the socket closed. */
  @Override
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("An IVR call session runs once");
    }
    long begin = System.nanoTime();
    playedUntil = begin;
    nextFrameAt = begin;
    LOG.info(
        () ->
            "IVR call "
                + control.describe()
                + " from "
                + caller.callerNumber()
                + " starts, "
                + media.codec()
                + (media.hasTelephoneEvents() ? " with" : " without")
                + " RFC 4733 events, RTP port "
                + socket.getLocalPort());
    try {
      execute(dialogue.start());
      loop(begin);
    } catch (IOException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "IVR call " + control.describe() + " failed at " + dialogue.currentStep() + ": " + e,
          e);
      if (!ended) {
        hangUp("media failure");
      }
    } finally {
      socket.close();
    }
  }

  private void loop(long begin) throws IOException {
    byte[] buffer = new byte[RECEIVE_BUFFER];
    DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
    while (!ended) {
      long now = System.nanoTime();
      if (Thread.currentThread().isInterrupted()) {
        hangUp("the work was released");
        return;
      }
      handleEvents(now);
      sendDue(now);
      checkTimers(now, begin);
      advance();
      if (!ended) {
        receive(datagram, now);
      }
    }
  }

  private void handleEvents(long now) {
    for (Event event; !ended && (event = events.poll()) != null; ) {
      if (event instanceof Key k) {
        onKey(k.key(), now);
      } else if (event instanceof RemoteHangUp) {
        ended = true;
        LOG.info(
            () ->
                "IVR call "
                    + control.describe()
                    + ": the caller hung up at "
                    + dialogue.currentStep());
      } else if (event instanceof Stop) {
        hangUp("stopped by the adapter");
      } else if (event instanceof MediaChanged m) {
        media = m.media();
        latched = null; // the peer named a new address: latch again
        sender.update(media);
        decoder = decoderFor(media);
      }
    }
  }

  /** Sends every frame that is due, at most {@value #MAX_BURST} at once. */
  private void sendDue(long now) {
    if (!playback.isPlaying()) {
      return;
    }
    if (now - nextFrameAt > MAX_BURST * FRAME_NANOS) {
      nextFrameAt = now - (MAX_BURST - 1) * FRAME_NANOS; // a stall: catch up a little, not all
    }
    while (playback.isPlaying() && now - nextFrameAt >= 0) {
      Playback.Frame frame = playback.next();
      try {
        sender.send(frame.payload(), frame.first(), nextFrameAt);
      } catch (IOException e) {
        // e.g. no route to the SDP's address: the timers end a call the caller cannot hear
        if (!sendFailed) {
          sendFailed = true;
          LOG.warning(
              () ->
                  "IVR call "
                      + control.describe()
                      + ": cannot send RTP to "
                      + media.remote()
                      + ": "
                      + e);
        }
      }
      nextFrameAt += FRAME_NANOS;
    }
    if (!playback.isPlaying()) {
      playedUntil = nextFrameAt; // the last frame's 20 ms end then
    }
  }

  private void checkTimers(long now, long begin) {
    if (ended) {
      return;
    }
    if (decoder != null) {
      decoder.flushIfStale(now).ifPresent(key -> onKey(key, now));
    }
    if (inputDeadline != NONE && now - inputDeadline >= 0) {
      inputDeadline = NONE;
      boolean typing = interDigitTimer;
      LOG.info(
          () ->
              "IVR call "
                  + control.describe()
                  + ": "
                  + (typing ? "no # after the keys" : "no key")
                  + " at "
                  + dialogue.currentStep());
      Step before = dialogue.currentStep();
      execute(typing ? dialogue.onInterDigitTimeout() : dialogue.onNoInputTimeout());
      logStep(before);
    }
    long elapsed = now - begin;
    if (!limitReached && elapsed >= settings.callLimit().toNanos()) {
      limitReached = true;
      LOG.info(
          () ->
              "IVR call "
                  + control.describe()
                  + " reached its time limit of "
                  + settings.callLimit().toSeconds()
                  + " s at "
                  + dialogue.currentStep());
      if (dialogue.awaitsInput()) {
        stopPlayback(now);
        inputDeadline = NONE;
        execute(dialogue.onCallTimeLimit());
      }
    }
    if (elapsed >= settings.callLimit().toNanos() + CLOSING_GRACE_NANOS && !ended) {
      hangUp("over the time limit");
    }
  }

  private void onKey(char key, long now) {
    if (!dialogue.awaitsInput()) {
      return; // the closing prompt plays to its end
    }
    if (playback.isPlaying()) {
      stopPlayback(now); // barge-in
    }
    Step before = dialogue.currentStep();
    List<Action> actions = dialogue.onDigit(key);
    logStep(before);
    if (dialogue.hasPendingEntry()) {
      inputDeadline = now + settings.interDigitTimeout().toNanos();
      interDigitTimer = true;
    } else {
      inputDeadline = NONE; // the next prompt's end starts the no-input timer
    }
    execute(actions);
  }

  private void execute(List<Action> actions) {
    pending.addAll(actions);
    advance();
  }

  /** Carries out the pending actions once nothing plays any more. */
  private void advance() {
    long now = System.nanoTime();
    while (!ended && !pending.isEmpty() && !playback.isPlaying() && now - playedUntil >= 0) {
      Action action = pending.poll();
      if (action instanceof Play play) {
        playback.play(play.prompts().stream().map(p -> prompts.audio(p, media.codec())).toList());
        nextFrameAt = now;
        inputDeadline = NONE;
      } else if (action instanceof SetPassword set) {
        pending.addAll(setPassword(set));
        now = System.nanoTime();
      } else if (action instanceof HangUp) {
        hangUp("the closing prompt has played");
      }
    }
    boolean idle = !ended && pending.isEmpty() && !playback.isPlaying() && now - playedUntil >= 0;
    if (idle && inputDeadline == NONE && dialogue.awaitsInput() && !dialogue.hasPendingEntry()) {
      inputDeadline = now + settings.noInputTimeout().toNanos();
      interDigitTimer = false;
    }
  }

  private List<Action> setPassword(SetPassword set) {
    Step before = dialogue.currentStep();
    String call = control.describe();
    List<Action> next;
    try {
      TemporaryPasswordOutcome outcome =
          control.setTemporaryPassword(set.line(), set.service(), set.password());
      LOG.info(
          () ->
              "IVR call "
                  + call
                  + ": temporary password of line "
                  + set.line()
                  + " ("
                  + set.service()
                  + "): "
                  + outcome);
      next = outcome == null ? dialogue.onPasswordFailure() : dialogue.onPasswordOutcome(outcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warning(
          () ->
              "IVR call "
                  + call
                  + ": interrupted while setting the temporary password"
                  + " of line "
                  + set.line());
      next = dialogue.onPasswordFailure();
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          "IVR call "
              + call
              + ": the application could not set the temporary"
              + " password of line "
              + set.line()
              + " ("
              + set.service()
              + "): "
              + e,
          e);
      next = dialogue.onPasswordFailure();
    }
    logStep(before);
    return next;
  }

  private void receive(DatagramPacket datagram, long now) throws IOException {
    long wait = MAX_WAIT_NANOS;
    if (playback.isPlaying()) {
      wait = Math.min(wait, nextFrameAt - now);
    }
    if (inputDeadline != NONE) {
      wait = Math.min(wait, inputDeadline - now);
    }
    socket.setSoTimeout((int) Math.max(1, (wait + 999_999) / 1_000_000));
    datagram.setLength(datagram.getData().length);
    try {
      socket.receive(datagram);
    } catch (SocketTimeoutException quiet) {
      return;
    }
    if (decoder == null) {
      return; // keys only by INFO; the peer's voice is of no interest
    }
    if (!heard((InetSocketAddress) datagram.getSocketAddress())) {
      return;
    }
    long arrival = System.nanoTime();
    RtpPacket.parse(datagram.getData(), datagram.getLength())
        .ifPresent(p -> decoder.onPacket(p, arrival).forEach(key -> onKey(key, arrival)));
  }

  /**
   * Keys count only from the address the caller's SDP named: the first packet from that IP latches
   * its port (a NAT may change the port, RFC 4961 symmetric RTP), and everything from elsewhere is
   * ignored, so nobody who guesses the port can type into someone else's call. An SDP that names no
   * address (0.0.0.0) latches the first source seen.
   */
  private boolean heard(InetSocketAddress from) {
    if (latched != null) {
      if (latched.equals(from)) {
        return true;
      }
    } else {
      InetAddress named = media.remote().getAddress();
      if (named == null || named.isAnyLocalAddress() || named.equals(from.getAddress())) {
        latched = from;
        return true;
      }
    }
    if (ignoredPackets++ == 0) {
      LOG.info(
          () ->
              "IVR call "
                  + control.describe()
                  + ": ignoring RTP from "
                  + from
                  + " (the call's media comes from "
                  + (latched != null ? latched : media.remote())
                  + ")");
    }
    return false;
  }

  private void stopPlayback(long now) {
    playback.stop();
    pending.removeIf(Play.class::isInstance);
    playedUntil = now;
  }

  private void hangUp(String why) {
    ended = true;
    LOG.info(() -> "IVR call " + control.describe() + " ends: " + why);
    try {
      control.hangUp();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "IVR call " + control.describe() + ": hanging up failed: " + e, e);
    }
  }

  private void logStep(Step before) {
    Step after = dialogue.currentStep();
    if (after != before) {
      LOG.fine(() -> "IVR call " + control.describe() + ": " + before + " -> " + after);
    }
  }

  private static TelephoneEventDecoder decoderFor(SdpNegotiation.Negotiated media) {
    return media.hasTelephoneEvents()
        ? new TelephoneEventDecoder(media.telephoneEventPayloadType())
        : null;
  }
}
