package jp.callmail.sip.connector.stack;

import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.DatagramPacket;

/**
 * Where the message that a JAIN-SIP channel is parsing came from, as "address:port/TRANSPORT", for
 * the log line of a malformed message.
 *
 * <p>A TCP channel knows its peer from the socket. A UDP channel learns the source port only after
 * the message has parsed (from the packet it keeps in the private field {@code incomingPacket},
 * jain-sip-ri 1.3.0-91), and a malformed message never gets that far: so the field is read here.
 */
final class InputSources {

  static final VarHandle INCOMING_PACKET = incomingPacket();

  private InputSources() {}

  /** The source of the message that {@code listener} (the stack's parse listener) is parsing. */
  static String describe(Object listener) {
    if (listener instanceof UDPMessageChannel udp && INCOMING_PACKET != null) {
      DatagramPacket packet = (DatagramPacket) INCOMING_PACKET.get(udp);
      if (packet != null && packet.getAddress() != null) {
        return hostPort(packet.getAddress().getHostAddress(), packet.getPort()) + "/UDP";
      }
    }
    if (listener instanceof MessageChannel channel) {
      return hostPort(channel.getPeerAddress(), channel.getPeerPort())
          + "/"
          + channel.getTransport().toUpperCase();
    }
    return "an unknown source";
  }

  private static String hostPort(String host, int port) {
    return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static VarHandle incomingPacket() {
    try {
      return MethodHandles.privateLookupIn(UDPMessageChannel.class, MethodHandles.lookup())
          .findVarHandle(UDPMessageChannel.class, "incomingPacket", DatagramPacket.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // JainSipInternalsTest fails on this; in production the UDP source then lacks its port.
      return null;
    }
  }
}
