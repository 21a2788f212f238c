/** Who may do what: operator authentication for the provisioning API (Jakarta Security). */
package jp.callmail.infrastructure.security;
