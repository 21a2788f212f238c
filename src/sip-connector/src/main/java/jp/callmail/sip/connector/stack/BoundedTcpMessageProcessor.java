package jp.callmail.sip.connector.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageChannel;
import gov.nist.javax.sip.stack.TCPMessageProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.sip.connector.logging.RateLimitedLog;

/**
 * jain-sip's TCP listener (jain-sip-ri 1.3.0-91, blocking I/O: two threads per connection), with
 * limits on the connections peers open: in total, per source address, and in idle time ({@link
 * TcpLimits}).
 *
 * <p>The stock listener accepts without limit unless gov.nist.javax.sip.MAX_CONNECTIONS is set, and
 * then it stops accepting altogether while that many are open: one stranger with a few thousand
 * sockets holds the port for everyone, and without a limit he costs the server two threads each.
 * This one accepts, and closes at once a connection over the total or over its source's share, so
 * that the other peers still get in (RFC 3261 §18.3 lets either side close a connection; the peer
 * opens a new one when it needs to). A connection that carried no message either way for the idle
 * time is closed too: a peer that vanished without a FIN does not hold a slot forever.
 */
final class BoundedTcpMessageProcessor extends TCPMessageProcessor {

  private static final Logger LOG = Logger.getLogger(BoundedTcpMessageProcessor.class.getName());
  private static final RateLimitedLog REFUSALS =
      new RateLimitedLog(LOG, Level.WARNING, "refused SIP TCP connections", 10, System::nanoTime);

  private final TcpLimits limits;
  private final TcpConnectionTable table;
  private final AtomicLong accepted = new AtomicLong();
  private SIPStackTimerTask sweeper;

  BoundedTcpMessageProcessor(
      InetAddress address, SIPTransactionStack stack, int port, TcpLimits limits) {
    super(address, stack, port);
    this.limits = limits;
    this.table = new TcpConnectionTable(limits, System::nanoTime);
  }

  @Override
  public void start() throws IOException {
    super.start(); // binds, then runs run() below on its thread
    long period = Math.max(100, Math.min(limits.idle().toMillis() / 4, 10_000));
    sweeper =
        new SIPStackTimerTask() {
          @Override
          public void runTask() {
            closeIdle();
          }

          @Override
          public Object getThreadHash() {
            return null;
          }
        };
    sipStack.getTimer().scheduleWithFixedDelay(sweeper, period, period);
  }

  /** The stock accept loop, with the limits in place of MAX_CONNECTIONS' waiting. */
  @Override
  public void run() {
    while (isRunning) {
      Socket socket;
      try {
        socket = sock.accept();
      } catch (SocketException e) {
        isRunning = false; // the server socket was closed: stop
        return;
      } catch (IOException e) {
        LOG.log(Level.WARNING, "SIP TCP accept failed: " + e);
        continue;
      }
      String refusal = table.admit(socket);
      if (refusal != null) {
        String source = socket.getInetAddress().getHostAddress();
        REFUSALS.log(
            source,
            "Refused SIP TCP connection from " + source + ":" + socket.getPort() + ": " + refusal);
        closeQuietly(socket);
        continue;
      }
      try {
        TrackedChannel channel =
            new TrackedChannel(
                socket, this, "TCPMessageChannelThread-" + accepted.incrementAndGet());
        incomingMessageChannels.put(channel.getKey(), channel);
      } catch (IOException | RuntimeException e) {
        table.closed(socket);
        closeQuietly(socket);
        LOG.log(
            Level.WARNING,
            "SIP TCP connection from "
                + socket.getInetAddress().getHostAddress()
                + " failed: "
                + e);
      }
    }
  }

  @Override
  public synchronized void stop() {
    if (sweeper != null) {
      sipStack.getTimer().cancel(sweeper);
    }
    super.stop();
  }

  /** Connections from peers open now (for tests and statistics). */
  int openConnections() {
    return table.size();
  }

  private void closeIdle() {
    for (Socket socket : table.sweep()) {
      LOG.fine(
          () ->
              "Closing SIP TCP connection from "
                  + socket.getRemoteSocketAddress()
                  + ": idle for "
                  + limits.idle().toSeconds()
                  + " s ("
                  + TcpLimits.IDLE_SECONDS
                  + ")");
      closeQuietly(socket); // its channel's reader sees the close, and cleans up as for a FIN
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "Closing a SIP TCP socket failed", e);
    }
  }

  /**
   * The stock channel of an accepted connection, telling the table about its messages and its end.
   * Its constructor starts the reader thread, so the overrides find the table through the channel's
   * processor and socket (set before that thread starts), not through fields of their own.
   */
  private static final class TrackedChannel extends TCPMessageChannel {

    private static final byte[] CRLF = {'\r', '\n'};

    TrackedChannel(Socket socket, BoundedTcpMessageProcessor processor, String threadName)
        throws IOException {
      super(socket, processor.sipStack, processor, threadName);
    }

    private void touch() {
      Socket socket = mySock;
      if (socket != null) {
        ((BoundedTcpMessageProcessor) messageProcessor).table.touch(socket);
      }
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
      touch();
      super.processMessage(message);
    }

    /**
     * Answers a peer's CRLF keep-alive (RFC 5626 §3.5.1) with one CRLF on this very connection. The
     * stock channel sends it through the stack's IO handler, which for a connection the peer has
     * already closed opens a new one toward the peer's ephemeral port and logs five SEVERE lines
     * when that fails: anyone could fill the log with connections that send CRLF CRLF and hang up.
     * The answer to a keep-alive is only ever due on the connection it came on.
     */
    @Override
    public void sendSingleCLRF() {
      touch(); // a keep-alive from the peer counts as activity
      Socket socket = mySock;
      if (socket == null || socket.isClosed()) {
        return;
      }
      try {
        OutputStream out = socket.getOutputStream();
        synchronized (this) {
          out.write(CRLF);
          out.flush();
        }
      } catch (IOException gone) {
        LOG.fine(() -> "CRLF keep-alive answer not sent, connection gone: " + gone.getMessage());
      }
    }

    @Override
    protected synchronized void sendMessage(byte[] message, boolean isClient) throws IOException {
      touch();
      knowTransport();
      super.sendMessage(message, isClient);
    }

    /**
     * jain-sip-ri 1.3.0-91 learns an accepted connection's transport from the first message's Via,
     * so a peer whose first bytes are a CRLF keep-alive (or nothing that parses) made the stack
     * answer with a null transport: a NullPointerException logged at SEVERE with its stack trace,
     * once per such connection. An accepted TCP connection is TCP.
     */
    private void knowTransport() {
      if (peerProtocol == null) {
        peerProtocol = "TCP";
      }
    }

    @Override
    public void close(boolean removeSocket, boolean stopKeepAliveTask) {
      Socket socket = mySock;
      super.close(removeSocket, stopKeepAliveTask);
      if (socket != null) {
        ((BoundedTcpMessageProcessor) messageProcessor).table.closed(socket);
      }
    }
  }
}
