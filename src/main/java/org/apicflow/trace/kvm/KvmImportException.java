package org.apicflow.trace.kvm;

/** A file that is not a KVM trace, or cannot be read: one line for the user. */
public final class KvmImportException extends Exception {
  public KvmImportException(String message) {
    super(message);
  }
}
