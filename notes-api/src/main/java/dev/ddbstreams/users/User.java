package dev.ddbstreams.users;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user as the users tutorial returns it: {@code {"id", "email", "timestamp"}}, the {@code Users} item shape.
 *
 * @param id the generated UUID
 * @param email the address as given
 * @param timestamp creation time in epoch milliseconds ({@code N} in DynamoDB)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record User(String id, String email, Long timestamp) {
}
