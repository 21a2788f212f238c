package jp.callmail.sip.connector.proxy;

/** {@link ProxyScenarios} with caller and callee on TCP. */
class TcpProxyScenariosTest extends ProxyScenarios {

  @Override
  String transport() {
    return "tcp";
  }
}
