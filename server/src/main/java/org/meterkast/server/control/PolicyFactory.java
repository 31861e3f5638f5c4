package org.meterkast.server.control;

import java.util.Optional;
import org.meterkast.energy.control.Policy;

/**
 * Gives each address its instance of one control policy (a policy may remember earlier cycles of its own address).
 * One Spring bean per policy; the loop runs them in the beans' {@link org.springframework.core.annotation.Order},
 * safety before savings.
 */
public interface PolicyFactory {
    /** The policy for the address of this meter; empty where it does not apply. */
    Optional<Policy> create(String meter);
}
