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
import java.util.concurrent.atomic.AtomicLong;

/**
 * jain-sip's UDP listener, with the queue of received datagrams kept small.
 *
 * <p>The stock listener receives every datagram into a fresh 64 KB array and queues it whole, in an
 * unbounded queue, until a worker thread parses it; it drops only messages older than the
 * congestion timeout, every two seconds. Under a burst or a flood the queue therefore held
 * gigabytes (the benchmark's 1,000 calls/s ran a 512 MB heap out in seconds and the listener thread
 * died). This one receives into one buffer, queues a copy of just the datagram's bytes, and drops
 * what arrives while {@value #MAX_QUEUED} datagrams wait: UDP senders retransmit, and a proxy that
 * sheds load keeps serving the calls it has.
 */
final class BoundedUdpMessageProcessor extends UDPMessageProcessor {

  /** About two seconds of datagrams at a thousand calls a second (ten datagrams a call). */
  static final int MAX_QUEUED = 20_000;

  private static final StackLogger LOG = CommonLogger.getLogger(BoundedUdpMessageProcessor.class);
  private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

  private final int workers;
  private final AtomicLong dropped = new AtomicLong();
  private long lastReport = System.nanoTime() - REPORT_EVERY_NANOS;

  /**
   * @param workers the stack's THREAD_POOL_SIZE: threads that parse and handle datagrams
   */
  BoundedUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, int workers)
      throws IOException {
    super(address, stack, port);
    this.workers = workers;
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
        if (messageQueue.size() >= MAX_QUEUED) {
          droppedOne();
          continue;
        }
        byte[] bytes = Arrays.copyOf(buffer, packet.getLength());
        DatagramPacket copy = new DatagramPacket(bytes, bytes.length, packet.getSocketAddress());
        messageQueue.offer(new DatagramQueuedMessageDispatch(copy, System.currentTimeMillis()));
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

  private void droppedOne() {
    long total = dropped.incrementAndGet();
    long now = System.nanoTime();
    if (now - lastReport > REPORT_EVERY_NANOS) {
      lastReport = now; // only this thread receives: no race
      LOG.logWarning(
          "SIP over UDP arrives faster than it is handled: "
              + MAX_QUEUED
              + " datagrams wait, newer ones are dropped ("
              + total
              + " so far)");
    }
  }
}
