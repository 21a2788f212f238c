package jp.callmail.interfaces.operator.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the provisioning API at {@code /api}; web.xml restricts it to the operator role. */
@ApplicationPath("/api")
@DeclareRoles({"operator"})
public class OperatorApi extends Application {}
