package jp.callmail.sip.connector.proxy;

/** {@link ProxyScenarios} with caller and callee on UDP. */
class UdpProxyScenariosTest extends ProxyScenarios {

  @Override
  String transport() {
    return "udp";
  }
}
