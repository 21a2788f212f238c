package jp.callmail.sip.connector.stack;

import gov.nist.core.CommonLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.LinkedList;

/**
 * jain-sip's UDP listener, with the queue of received datagrams kept small and in two lanes.
 *
 * <p>The stock listener receives every datagram into a fresh 64 KB array and queues it whole, in an
 * unbounded queue, until a worker thread parses it; it drops only messages older than the
 * congestion timeout, every two seconds. Under a burst or a flood the queue therefore held
 * gigabytes (the benchmark's 1,000 calls/s ran a 512 MB heap out in seconds and the listener thread
 * died). This one receives into one buffer, queues a copy of just the datagram's bytes in {@link
 * DatagramLanes} (calls in progress before new work, at most {@value #MAX_QUEUED} datagrams, none
 * older than the stack's CONGESTION_CONTROL_TIMEOUT) and drops what does not fit: UDP senders
 * retransmit, and a proxy that sheds load keeps serving the calls it has.
 */
final class BoundedUdpMessageProcessor extends UDPMessageProcessor {

  /** About two seconds of datagrams at a thousand calls a second (ten datagrams a call). */
  static final int MAX_QUEUED = 20_000;

  private static final StackLogger LOG = CommonLogger.getLogger(BoundedUdpMessageProcessor.class);
  private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

  private final int workers;
  private final DatagramLanes lanes;
  private long lastReport = System.nanoTime();
  private long reportedFull;
  private long reportedStale;

  /**
   * @param workers the stack's THREAD_POOL_SIZE: threads that parse and handle datagrams
   */
  BoundedUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, int workers)
      throws IOException {
    super(address, stack, port);
    this.workers = workers;
    this.lanes =
        new DatagramLanes(
            MAX_QUEUED, stack.getStackCongestionControlTimeout(), System::currentTimeMillis);
    // The stock queue (and the congestion auditor the stock constructor started on it) stays empty.
    this.messageQueue = lanes;
  }

  /** The listener's queue (for statistics). */
  DatagramLanes lanes() {
    return lanes;
  }

  @Override
  public void run() {
    if (workers <= 0 || messageQueue == null) {
      super.run(); // no worker pool: the stock listener parses on this thread, no queue
      return;
    }
    startWorkers();
    byte[] buffer = new byte[SipStackImpl.MAX_DATAGRAM_SIZE];
    while (isRunning) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        sock.receive(packet);
        byte[] bytes = Arrays.copyOf(buffer, packet.getLength());
        DatagramPacket copy = new DatagramPacket(bytes, bytes.length, packet.getSocketAddress());
        lanes.offer(new DatagramQueuedMessageDispatch(copy, System.currentTimeMillis()));
        reportDrops();
      } catch (SocketException e) {
        if (!isRunning) {
          return; // the socket was closed to stop the listener
        }
        LOG.logWarning("UDP receive failed, listening on: " + e);
      } catch (IOException | RuntimeException e) {
        LOG.logWarning("UDP receive failed, listening on: " + e);
      }
    }
  }

  /** As the stock listener does first: the worker threads that take datagrams off the queue. */
  @SuppressWarnings("unchecked")
  private void startWorkers() {
    messageChannels = new LinkedList<>();
    String stackName = ((SipStackImpl) sipStack).getStackName();
    for (int i = 0; i < workers; i++) {
      // The channel's constructor is protected; an anonymous subclass may call it. It starts its
      // thread.
      messageChannels.add(
          new UDPMessageChannel(sipStack, this, stackName + "-UDPMessageChannelThread-" + i) {});
    }
  }

  /** Once a minute at most: how many datagrams were dropped since the last report, and why. */
  private void reportDrops() {
    long now = System.nanoTime();
    if (now - lastReport < REPORT_EVERY_NANOS) {
      return;
    }
    lastReport = now; // only this thread receives: no race
    long full = lanes.droppedFull();
    long stale = lanes.droppedStale();
    if (full == reportedFull && stale == reportedStale) {
      return;
    }
    LOG.logWarning(
        "SIP over UDP arrives faster than it is handled: dropped "
            + (full - reportedFull)
            + " datagrams while "
            + MAX_QUEUED
            + " waited (or half of that started new work) and "
            + (stale - reportedStale)
            + " that had waited over "
            + sipStack.getStackCongestionControlTimeout()
            + " ms, since the last report; calls in progress go first");
    reportedFull = full;
    reportedStale = stale;
  }
}
