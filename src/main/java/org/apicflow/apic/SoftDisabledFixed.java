package org.apicflow.apic;

/**
 * What a software-disabled APIC (SVR bit 8 = 0) does with a fixed interrupt. The models disagree
 * (DOMAIN.md 1): QEMU holds it in IRR and delivers after re-enable, KVM drops it on arrival, Bochs
 * and old gem5 deliver it anyway.
 */
public enum SoftDisabledFixed {
  HOLD,
  DROP,
  DELIVER
}
