package jp.jusou.hub.connectors;

/** How a failure of a connector's routes is recorded and reported: its root cause, named. */
final class Failures {

    private Failures() {
    }

    /** The root cause's message, prefixed with the outer exception's type when they differ. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
