package jp.jusou.hub.message;

/**
 * 全国地方公共団体コード: five digits and a check digit (modulus 11, weights 6,5,4,3,2).
 */
public final class MunicipalityCode {

    private MunicipalityCode() {
    }

    public static boolean isValid(String code) {
        if (code == null || code.length() != 6) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 6; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            if (i < 5) {
                sum += (c - '0') * (6 - i);
            }
        }
        int remainder = sum % 11;
        int check = remainder == 0 ? 0 : (11 - remainder) % 10;
        return check == code.charAt(5) - '0';
    }
}
