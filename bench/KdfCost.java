import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.util.Arrays;

/**
 * What one console password check costs: PBKDF2-HMAC-SHA256 with the console's 210,000 iterations,
 * through the JDK as the console calls it. Usage: java bench/KdfCost.java [runs]
 */
public class KdfCost {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        SecretKeyFactory kdf = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salt = new byte[16];
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            kdf.generateSecret(new PBEKeySpec("pump-station-7".toCharArray(), salt, 210_000, 256)).getEncoded();
            ms[i] = (System.nanoTime() - start) / 1_000_000;
        }
        System.out.println("runs (ms): " + Arrays.toString(ms));
        Arrays.sort(ms);
        System.out.println("PBKDF2-HMAC-SHA256, 210000 iterations: median " + ms[runs / 2] + " ms, min " + ms[0]
                + ", max " + ms[runs - 1] + " over " + runs + " runs");
    }
}
