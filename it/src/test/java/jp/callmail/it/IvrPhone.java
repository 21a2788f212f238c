package jp.callmail.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A phone calling the IVR, made of sipp and this test: the test writes the sipp scenario for one
 * call (DTMF as an RFC 4733 capture that sipp plays, or as SIP INFO), and listens itself on the RTP
 * port its SDP offers, recording the audio the IVR sends.
 */
final class IvrPhone implements AutoCloseable {

  private static final Path SCENARIOS =
      Path.of(System.getProperty("callmail.it.sipp-dir", "src/test/resources/sipp"));
  private static final Path WORK =
      Path.of(System.getProperty("callmail.it.work-dir", "target/sipp-runs"));
  private static final int TELEPHONE_EVENT = 101;

  private final String name;
  private final DatagramSocket rtp;
  private final List<byte[]> received = new ArrayList<>();
  private final AtomicBoolean listening = new AtomicBoolean(true);
  private final Thread listener;
  private final StringBuilder dialogue = new StringBuilder();
  private int cseq = 2;

  /**
   * Captures of one call continue each other's sequence numbers and timestamps, as one phone's
   * would.
   */
  private int rtpSequence = 1000;

  private long rtpTimestamp = 16000;

  IvrPhone(String name) throws IOException {
    this.name = name;
    this.rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    rtp.setSoTimeout(200);
    listener = new Thread(this::listen, "ivr-phone-rtp-" + name);
    listener.setDaemon(true);
    listener.start();
  }

  /** Keys pressed on the phone: one RFC 4733 capture that sipp plays after a pause. */
  IvrPhone pressAsRtp(String keys, int pauseBeforeMillis) throws IOException {
    Path capture = WORK.resolve(name + "-dtmf-" + cseq + ".pcap");
    Files.createDirectories(WORK);
    Files.write(capture, telephoneEvents(keys, rtpSequence, rtpTimestamp));
    rtpSequence += keys.length() * 8;
    rtpTimestamp += keys.length() * (8 * 160 + 800L);
    dialogue
        .append("  <pause milliseconds=\"")
        .append(pauseBeforeMillis)
        .append("\" />\n")
        .append("  <nop><action><exec play_pcap_audio=\"")
        .append(capture.toAbsolutePath())
        .append("\" /></action></nop>\n")
        .append("  <pause milliseconds=\"")
        .append(keys.length() * 260 + 300)
        .append("\" />\n");
    cseq++;
    return this;
  }

  /**
   * Keys pressed on the phone, each sent as a SIP INFO (application/dtmf-relay or
   * application/dtmf). Kept terse: sipp reads scenario files of at most 64 KB.
   */
  IvrPhone pressAsInfo(String keys, boolean dtmfRelay) {
    for (char key : keys.toCharArray()) {
      String type = dtmfRelay ? "application/dtmf-relay" : "application/dtmf";
      String body = dtmfRelay ? "Signal=" + key + "\nDuration=160" : String.valueOf(key);
      dialogue
          .append("<send retrans=\"500\"><![CDATA[\n\n")
          .append("INFO [next_url] SIP/2.0\n")
          .append("Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n")
          .append("From: [from_hdr];tag=[pid]SIPpTag00[call_number]\n")
          .append("To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]\n")
          .append("Call-ID: [call_id]\n")
          .append("CSeq: ")
          .append(cseq++)
          .append(" INFO\n")
          .append("Max-Forwards: 70\n")
          .append("Content-Type: ")
          .append(type)
          .append('\n')
          .append("Content-Length: [len]\n\n")
          .append(body)
          .append("\n\n]]></send>\n")
          .append("<recv response=\"200\" timeout=\"5000\"/>\n")
          .append("<pause milliseconds=\"100\"/>\n");
    }
    return this;
  }

  /** The phone waits for the IVR to hang up and answers its BYE. */
  IvrPhone awaitHangUp() {
    dialogue.append(
        """
          <recv request="BYE" timeout="60000" />
          <send>
            <![CDATA[

              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
        """);
    return this;
  }

  /** The caller hangs up. */
  IvrPhone hangUp() {
    dialogue
        .append("  <send retrans=\"500\">\n    <![CDATA[\n\n")
        .append("      BYE [next_url] SIP/2.0\n")
        .append("      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n")
        .append("      From: [from_hdr];tag=[pid]SIPpTag00[call_number]\n")
        .append("      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]\n")
        .append("      Call-ID: [call_id]\n")
        .append("      CSeq: ")
        .append(cseq++)
        .append(" BYE\n")
        .append("      [routes]\n")
        .append("      Max-Forwards: 70\n")
        .append("      Content-Length: 0\n\n    ]]>\n  </send>\n")
        .append("  <recv response=\"200\" timeout=\"10000\" />\n");
    return this;
  }

  /** sipp, ready to start, calling the IVR number through callmail's SIP port. */
  Sipp caller(String ivrNumber, String callerNumber) throws IOException {
    String template =
        Files.readString(SCENARIOS.resolve("uac-ivr.xml"), StandardCharsets.ISO_8859_1);
    Path scenario = WORK.resolve(name + "-scenario.xml");
    Files.createDirectories(WORK);
    Files.writeString(
        scenario,
        template
            .replace("@RTP_PORT@", String.valueOf(rtp.getLocalPort()))
            .replace("@DIALOGUE@", dialogue.toString()),
        StandardCharsets.ISO_8859_1);
    return Sipp.caller(
            name,
            scenario.toAbsolutePath().toString(),
            Integer.getInteger("callmail.it.sip-port"),
            ivrNumber,
            "it-ivr-" + name + "-" + System.nanoTime())
        .option(
            "-key",
            "from_hdr",
            "<sip:" + callerNumber + "@127.0.0.1;user=phone>",
            "-key",
            "pai_hdr",
            "<sip:" + callerNumber + "@127.0.0.1;user=phone>");
  }

  /** RTP packets the IVR sent to the phone so far. */
  synchronized List<byte[]> audio() {
    return List.copyOf(received);
  }

  private void listen() {
    byte[] buffer = new byte[2048];
    while (listening.get()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        rtp.receive(packet);
        byte[] copy = new byte[packet.getLength()];
        System.arraycopy(buffer, 0, copy, 0, copy.length);
        synchronized (this) {
          if (received.size() < 100_000) {
            received.add(copy);
          }
        }
      } catch (SocketTimeoutException idle) {
        // check whether to stop
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    listening.set(false);
    rtp.close();
    listener.join(2000);
  }

  /**
   * A pcap capture (Ethernet, IPv4, UDP) of RFC 4733 telephone-events for the keys, as a phone
   * sends them: per key 7 packets 20 ms apart with growing duration, the first with the marker bit,
   * then the end packet three times; 100 ms between keys. Each key has its own RTP timestamp.
   */
  static byte[] telephoneEvents(String keys, int firstSequence, long firstTimestamp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header
        .putInt(0xa1b2c3d4)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(65535)
        .putInt(1);
    out.writeBytes(header.array());
    long micros = 0;
    int sequence = firstSequence;
    long timestamp = firstTimestamp;
    for (char key : keys.toCharArray()) {
      int event =
          switch (key) {
            case '*' -> 10;
            case '#' -> 11;
            default -> key - '0';
          };
      for (int i = 0; i < 10; i++) {
        boolean end = i >= 7;
        int duration = end ? 7 * 160 : i * 160;
        ByteBuffer rtp = ByteBuffer.allocate(16);
        rtp.put((byte) 0x80)
            .put((byte) ((i == 0 ? 0x80 : 0) | TELEPHONE_EVENT))
            .putShort((short) sequence)
            .putInt((int) timestamp)
            .putInt(0x1234abcd)
            .put((byte) event)
            .put((byte) ((end ? 0x80 : 0) | 10))
            .putShort((short) duration);
        writePacket(out, micros, rtp.array());
        if (i < 7) {
          sequence++;
          micros += 20_000;
        } else {
          micros += 50;
        }
      }
      sequence++;
      micros += 100_000;
      timestamp += 8 * 160 + 800;
    }
    return out.toByteArray();
  }

  private static void writePacket(ByteArrayOutputStream out, long micros, byte[] rtp) {
    int udpLength = 8 + rtp.length;
    int ipLength = 20 + udpLength;
    ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    record
        .putInt((int) (micros / 1_000_000))
        .putInt((int) (micros % 1_000_000))
        .putInt(14 + ipLength)
        .putInt(14 + ipLength);
    out.writeBytes(record.array());
    ByteBuffer frame = ByteBuffer.allocate(14 + ipLength);
    frame.put(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
    frame
        .put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) ipLength)
        .putShort((short) 0)
        .putShort((short) 0)
        .put((byte) 64)
        .put((byte) 17)
        .putShort((short) 0)
        .put(new byte[] {127, 0, 0, 1})
        .put(new byte[] {127, 0, 0, 1});
    int checksum = 0;
    for (int i = 14; i < 34; i += 2) {
      checksum += ((frame.get(i) & 0xff) << 8) | (frame.get(i + 1) & 0xff);
    }
    checksum = (checksum & 0xffff) + (checksum >> 16);
    frame.putShort(24, (short) ~checksum);
    frame
        .putShort((short) 6000)
        .putShort((short) 6002)
        .putShort((short) udpLength)
        .putShort((short) 0);
    frame.put(rtp);
    out.writeBytes(frame.array());
  }
}
