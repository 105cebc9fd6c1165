package org.apicflow.apic;

/** xAPIC (MMIO, 8-bit IDs, ICR delivery status) or x2APIC (MSRs, 32-bit IDs, no status bit). */
public enum ApicMode {
  XAPIC,
  X2APIC
}
