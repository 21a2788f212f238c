package jp.callmail.interfaces.operator.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the provisioning API at {@code /api}; web.xml restricts it to operators. */
@ApplicationPath("/api")
@DeclareRoles({"admin", "support", "auditor"})
public class OperatorApi extends Application {}
